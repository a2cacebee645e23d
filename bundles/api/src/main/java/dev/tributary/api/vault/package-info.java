/**
 * The credential vault: secrets encrypted at rest, readable only by the host's services.
 */
@Version("1.0.0")
@Export
package dev.tributary.api.vault;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

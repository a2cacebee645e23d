/**
 * The hot-deploy folder ({@code deploy/}): which bundle files failed to deploy and why.
 */
@Version("1.0.0")
@Export
package dev.tributary.api.deploy;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

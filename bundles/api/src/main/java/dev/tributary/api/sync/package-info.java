/**
 * Control of connector instances: what runs, triggering and cancelling syncs.
 */
@Version("1.3.0")
@Export
package dev.tributary.api.sync;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

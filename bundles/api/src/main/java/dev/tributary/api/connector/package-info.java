/**
 * The connector SPI: what a connector bundle implements ({@link dev.tributary.api.connector.Connector})
 * and what the host hands it during a sync ({@link dev.tributary.api.connector.SyncContext}).
 */
@Version("1.3.0")
@Export
package dev.tributary.api.connector;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

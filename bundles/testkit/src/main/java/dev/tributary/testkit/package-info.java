/**
 * The connector test kit: {@link dev.tributary.testkit.ConnectorContract}, the suite every connector
 * passes, run through the real sync engine; in-memory store, webhook inbox, vault and scheduler, and
 * a capture of log lines, for tests.
 */
@Version("1.1.0")
@Export
package dev.tributary.testkit;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

/**
 * The connector test kit: {@link dev.tributary.testkit.ConnectorContract}, the suite every connector
 * passes, run through the real sync engine; in-memory store, webhook inbox, vault and scheduler, a
 * capture of log lines, and a servlet over real HTTP ({@link dev.tributary.testkit.ServletServer}),
 * for tests.
 */
@Version("1.3.0")
@Export
package dev.tributary.testkit;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

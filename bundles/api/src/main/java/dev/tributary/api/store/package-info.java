/**
 * The store: documents, checkpoints, runs, audit and the webhook inbox, committed transactionally. The index and
 * everything shown to users is derived from it.
 */
@Version("1.7.0")
@Export
package dev.tributary.api.store;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

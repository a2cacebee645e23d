/**
 * Search over the index, always as a set of principals.
 */
@Version("1.2.0")
@Export
package dev.tributary.api.search;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

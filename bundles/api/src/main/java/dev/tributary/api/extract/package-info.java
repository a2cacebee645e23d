/**
 * Text extraction from files (PDF, Office, HTML, Markdown, plain text) for connectors.
 */
@Version("1.0.0")
@Export
package dev.tributary.api.extract;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

/**
 * Checks real answers of the REST API against its OpenAPI 3.1 description:
 * {@link dev.tributary.testkit.openapi.OpenApiContract} takes one {@link dev.tributary.testkit.openapi.Exchange}
 * (method, path and query, status, Content-Type, body, optionally headers) and says what does not match —
 * the operation, its statuses, its media types, its JSON Schema 2020-12 body schema.
 */
@Version("1.0.0")
@Export
package dev.tributary.testkit.openapi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

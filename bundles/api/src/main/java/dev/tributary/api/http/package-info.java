/**
 * Outbound HTTP for connectors: one {@link dev.tributary.api.http.SourceClient} per instance run,
 * with timeouts, retries, rate limits shared per credential, a circuit breaker per host,
 * conditional requests, paging and redaction built in, so a connector only says what to ask for.
 */
@Version("1.0.1")
@Export
package dev.tributary.api.http;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

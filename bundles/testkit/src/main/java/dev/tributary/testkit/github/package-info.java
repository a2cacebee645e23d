/**
 * A fake GitHub REST API for connector tests: {@link dev.tributary.testkit.github.FakeGitHub} serves
 * repositories, issues, pull requests and comments over HTTP on 127.0.0.1 following GitHub's documented
 * contract (paging, conditional requests, rate limits, private-resource 404s, 410/301 for deleted and
 * transferred issues), signs webhook deliveries, and {@link dev.tributary.testkit.github.GitHubOpenApi}
 * checks recorded requests against GitHub's official OpenAPI description.
 */
@Version("1.0.0")
@Export
package dev.tributary.testkit.github;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

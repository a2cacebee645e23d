package dev.tributary.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console is served by the host itself: pages, modules and styles from its bundle, nothing from elsewhere. */
class ConsoleIT {

    @TempDir
    static Path tmp;
    static InProcessHost host;

    @BeforeAll
    static void boot() throws Exception {
        host = new InProcessHost(tmp);
    }

    @AfterAll
    static void stop() {
        if (host != null) {
            host.close();
        }
    }

    @Test
    void theRootOpensTheDashboard() throws Exception {
        HttpResponse<String> root = host.dist.get("/");
        assertThat(root.statusCode()).isEqualTo(302);
        assertThat(root.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/console/index.html"));
        assertThat(host.dist.get("/no/such/page").statusCode()).as("anything else unknown").isEqualTo(404);
    }

    @Test
    void pagesModulesAndStylesComeFromTheHostAndNothingFromOutsideIt() throws Exception {
        for (String page : new String[] {"/console/index.html", "/console/login.html", "/console/search.html"}) {
            HttpResponse<String> r = host.dist.get(page);
            assertThat(r.statusCode()).as(page).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).as(page).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
            assertThat(r.body()).as(page + " loads nothing from another host").doesNotContainPattern("(src|href)=\"(https?:)?//")
                    .as(page + " has no inline script (a strict CSP stays possible)").doesNotContainPattern("<script(?![^>]*src=)[^>]*>");
        }
        assertThat(host.dist.get("/console/js/api.js").statusCode()).isEqualTo(200);
        assertThat(host.dist.get("/console/js/api.js").headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).contains("javascript"));
        assertThat(host.dist.get("/console/console.css").statusCode()).isEqualTo(200);
        assertThat(host.dist.get("/console/nothing-here.html").statusCode()).isEqualTo(404);
    }
}

package dev.tributary.host.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import org.junit.jupiter.api.Test;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;

/** Health names a failed component's own reason, not the reflective wrapper around it. */
class ComponentProblemsTest {

    private final ComponentDescriptionDTO store = description("$000", "dev.tributary.api.vault.Vault");

    @Test
    void theComponentsOwnMessageIsShownPastTheWrapper() {
        Exception thrown = new InvocationTargetException(new IllegalStateException("cannot open the store in /d: restore it",
                new java.sql.SQLException("low-level detail")));
        assertThat(ComponentProblems.failure(stackTrace(thrown), store)).isEqualTo("cannot open the store in /d: restore it");
    }

    @Test
    void aServiceThatCouldNotBeHadIsNamedByItsInterface() {
        Exception thrown = new InstantiationException("Unable to get service for reference $000");
        assertThat(ComponentProblems.failure(stackTrace(thrown), store))
                .isEqualTo("the dev.tributary.api.vault.Vault it needs is not available (its provider failed to start: see its line)");
    }

    @Test
    void withoutAnyMessageTheFirstLineIsKept() {
        assertThat(ComponentProblems.failure(stackTrace(new InvocationTargetException(null)), store))
                .isEqualTo("java.lang.reflect.InvocationTargetException");
        assertThat(ComponentProblems.failure(null, store)).isEqualTo("no reason given");
    }

    private static ComponentDescriptionDTO description(String reference, String service) {
        ReferenceDTO r = new ReferenceDTO();
        r.name = reference;
        r.interfaceName = service;
        ComponentDescriptionDTO d = new ComponentDescriptionDTO();
        d.references = new ReferenceDTO[] {r};
        return d;
    }

    /** As Felix SCR keeps it: the whole printed stack trace. */
    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}

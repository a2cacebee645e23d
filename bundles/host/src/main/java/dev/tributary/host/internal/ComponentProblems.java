package dev.tributary.host.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/** Declarative Services components that are enabled but not working, and why. */
final class ComponentProblems {

    record Problem(Bundle bundle, String component, String reason) {}

    private static final Pattern EXCEPTION = Pattern.compile("([\\w.$]+)(?:: (.+))?");
    private static final Pattern UNGETTABLE = Pattern.compile("Unable to get service for reference (\\S+)");
    private static final List<String> WRAPPERS = List.of("java.lang.reflect.InvocationTargetException",
            "java.lang.reflect.UndeclaredThrowableException");

    private ComponentProblems() {}

    static List<Problem> find(ServiceComponentRuntime scr, BundleContext context) {
        List<Problem> problems = new ArrayList<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            Bundle bundle = context.getBundle(d.bundle.id);
            if (bundle == null || bundle.getState() != Bundle.ACTIVE) {
                continue;
            }
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                String reason = switch (c.state) {
                    // bin/tributary start stops waiting for a healthy host when it reads "failed to activate: " (StartCommand)
                    case ComponentConfigurationDTO.FAILED_ACTIVATION -> "failed to activate: " + failure(c.failure, d);
                    case ComponentConfigurationDTO.UNSATISFIED_REFERENCE -> "waits for " + missing(c.unsatisfiedReferences);
                    case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION -> "waits for its configuration";
                    default -> null;
                };
                if (reason != null) {
                    problems.add(new Problem(bundle, d.name, reason));
                }
            }
        }
        return problems;
    }

    private static String missing(UnsatisfiedReferenceDTO[] refs) {
        List<String> names = new ArrayList<>();
        if (refs != null) {
            for (UnsatisfiedReferenceDTO r : refs) {
                names.add(r.name + " (" + r.target + ")");
            }
        }
        return names.isEmpty() ? "a reference" : String.join(", ", names);
    }

    /**
     * The reason in a failure's stack trace that says most: the first exception with a message, past
     * the reflective wrappers Declarative Services adds (the component's own "cannot open the store …"
     * rather than "InvocationTargetException"); a service it could not get is named by its interface.
     */
    static String failure(String stackTrace, ComponentDescriptionDTO d) {
        if (stackTrace == null || stackTrace.isBlank()) {
            return "no reason given";
        }
        List<String> exceptions = new ArrayList<>();
        for (String line : stackTrace.split("\\R")) {
            if (exceptions.isEmpty()) {
                exceptions.add(line.strip());
            } else if (line.startsWith("Caused by: ")) {
                exceptions.add(line.substring("Caused by: ".length()).strip());
            }
        }
        for (String e : exceptions) {
            Matcher m = EXCEPTION.matcher(e);
            if (!m.matches() || m.group(2) == null || WRAPPERS.contains(m.group(1))) {
                continue;
            }
            Matcher ref = UNGETTABLE.matcher(m.group(2));
            return ref.matches()
                    ? "the " + service(d, ref.group(1)) + " it needs is not available (its provider failed to start: see its line)"
                    : m.group(2);
        }
        return exceptions.get(0);
    }

    private static String service(ComponentDescriptionDTO d, String reference) {
        if (d.references != null) {
            for (ReferenceDTO r : d.references) {
                if (reference.equals(r.name)) {
                    return r.interfaceName;
                }
            }
        }
        return "service of reference " + reference;
    }
}

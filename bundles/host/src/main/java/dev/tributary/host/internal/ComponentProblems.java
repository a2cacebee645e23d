package dev.tributary.host.internal;

import java.util.ArrayList;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/** Declarative Services components that are enabled but not working, and why. */
final class ComponentProblems {

    record Problem(Bundle bundle, String component, String reason) {}

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
                    case ComponentConfigurationDTO.FAILED_ACTIVATION -> "failed to activate: " + firstLine(c.failure);
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

    private static String firstLine(String s) {
        if (s == null) {
            return "no reason given";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }
}

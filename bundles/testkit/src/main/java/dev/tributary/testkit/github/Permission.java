package dev.tributary.testkit.github;

import java.util.Locale;

/**
 * Repository roles, weakest first, as the collaborators API names them
 * (https://docs.github.com/rest/collaborators/collaborators#add-a-repository-collaborator).
 */
enum Permission {
    PULL, TRIAGE, PUSH, MAINTAIN, ADMIN;

    static Permission of(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    boolean atLeast(Permission other) {
        return compareTo(other) >= 0;
    }

    /** The name GitHub uses in {@code permission} and {@code role_name} ("pull", "push", …). */
    String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code role_name} says "read"/"write" where {@code permission} says "pull"/"push". */
    String roleName() {
        return switch (this) {
            case PULL -> "read";
            case PUSH -> "write";
            default -> apiName();
        };
    }
}

package dev.tributary.api.deploy;

import java.time.Instant;
import java.util.Objects;

/**
 * A file in {@code deploy/} that could not be installed or started.
 *
 * @param file   the file's name in the deploy folder
 * @param reason what went wrong, in words an operator can act on
 * @param since  when it was found to fail
 */
public record DeployFailure(String file, String reason, Instant since) {
    public DeployFailure {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(since, "since");
    }
}

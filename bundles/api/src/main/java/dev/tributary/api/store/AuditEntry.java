package dev.tributary.api.store;

import java.time.Instant;

/**
 * One line of the audit log: who changed what.
 *
 * @param actor  a user's name, {@code admin.token} (the local admin token), {@code system} or a connector
 * @param action e.g. {@code user.created}, {@code instance.deleted}
 * @param target what it changed, e.g. a user's name or an instance id
 * @param detail what people need to know about it (never a secret)
 * @since 1.6
 */
public record AuditEntry(long id, Instant at, String actor, String action, String target, String detail) {}

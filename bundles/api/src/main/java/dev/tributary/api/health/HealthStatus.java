package dev.tributary.api.health;

/** How well something works, from best to worst. */
public enum HealthStatus {
    /** Works as configured. */
    UP,
    /** Works, but something needs an operator's attention (e.g. a failed deploy). */
    DEGRADED,
    /** Does not work; {@code /health} answers 503. */
    DOWN;

    /** The worse of the two. */
    public HealthStatus worst(HealthStatus other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}

package dev.tributary.oauth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StoredTokensTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aTokenIsDueAMinuteBeforeItExpiresOrHalfwayThroughAShortLife() {
        StoredTokens hour = new StoredTokens("a", "r", null, T0, T0.plusSeconds(3600));
        assertThat(hour.due(T0.plusSeconds(3539), Duration.ofSeconds(60))).isFalse();
        assertThat(hour.due(T0.plusSeconds(3540), Duration.ofSeconds(60))).isTrue();

        StoredTokens short4s = new StoredTokens("a", "r", null, T0, T0.plusSeconds(4));
        assertThat(short4s.due(T0.plusMillis(1999), Duration.ofSeconds(60))).isFalse();
        assertThat(short4s.due(T0.plusSeconds(2), Duration.ofSeconds(60))).isTrue();

        assertThat(new StoredTokens("a", null, null, T0, null).due(T0.plus(Duration.ofDays(365)), Duration.ofSeconds(60)))
                .as("no expiry given: renewed only after a 401").isFalse();
    }

    @Test
    void aRefreshWithoutANewRefreshTokenKeepsTheOldOneAndTheEntryRoundTrips() {
        StoredTokens before = new StoredTokens("a1", "r1", "read", T0, T0.plusSeconds(60));
        StoredTokens after = before.renewedBy(new StoredTokens("a2", null, null, T0.plusSeconds(50), T0.plusSeconds(110)));
        assertThat(after).isEqualTo(new StoredTokens("a2", "r1", "read", T0.plusSeconds(50), T0.plusSeconds(110)));
        assertThat(StoredTokens.fromJson(after.toJson())).isEqualTo(after);
        assertThat(after.toString()).doesNotContain("a2", "r1");
    }
}

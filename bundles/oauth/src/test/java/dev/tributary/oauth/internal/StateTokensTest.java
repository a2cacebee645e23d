package dev.tributary.oauth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The {@code state} of authorization requests: signed by this host, expiring, used once, and refused when changed. */
class StateTokensTest {

    final OAuthWorld.TestClock clock = new OAuthWorld.TestClock();
    byte[] key = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    final StateTokens<String> states = new StateTokens<>(() -> key, clock, Duration.ofMinutes(10));

    @Test
    void aStateIssuedHereIsAcceptedOnceWithWhatItWasIssuedWith() throws Exception {
        StateTokens.Issued issued = states.issue("crm", "verifier-1");
        assertThat(issued.expires()).isBetween(clock.instant().plusSeconds(599), clock.instant().plusSeconds(600));
        assertThat(issued.value()).as("URL-safe, nothing to escape").matches("[A-Za-z0-9_.-]+").doesNotContain("verifier-1");
        assertThat(issued.toString()).doesNotContain(issued.value());

        assertThat(states.consume(issued.value())).isEqualTo("verifier-1");
        assertThatThrownBy(() -> states.consume(issued.value())).isInstanceOfSatisfying(StateTokens.InvalidState.class, e -> {
            assertThat(e).hasMessageContaining("already answered (each works once)");
            assertThat(e.instanceId()).isEqualTo("crm");
        });
    }

    @Test
    void twoStatesForTheSameInstanceDifferAndEachWorks() throws Exception {
        StateTokens.Issued a = states.issue("crm", "a");
        StateTokens.Issued b = states.issue("crm", "b");
        assertThat(a.value()).isNotEqualTo(b.value());
        assertThat(states.consume(b.value())).isEqualTo("b");
        assertThat(states.consume(a.value())).isEqualTo("a");
    }

    @Test
    void anExpiredStateIsRefusedAndForgotten() throws Exception {
        StateTokens.Issued issued = states.issue("crm", "v");
        clock.advance(Duration.ofMinutes(10).minusSeconds(2));
        StateTokens.Issued stillValid = states.issue("crm", "w");
        assertThat(states.consume(stillValid.value())).isEqualTo("w");

        clock.advance(Duration.ofSeconds(2));
        assertThatThrownBy(() -> states.consume(issued.value())).isInstanceOfSatisfying(StateTokens.InvalidState.class, e -> {
            assertThat(e).hasMessage("the authorization of instance crm expired (it is valid for 10 minutes)");
            assertThat(e.instanceId()).isEqualTo("crm");
        });
        assertThat(states.pending()).isZero();
    }

    @Test
    void aStateSignedWithAnotherKeyIsRefused() throws Exception {
        StateTokens<String> elsewhere = new StateTokens<>(() -> "another host's key, 32 bytes long".getBytes(StandardCharsets.US_ASCII), clock,
                Duration.ofMinutes(10));
        String forged = elsewhere.issue("crm", "v").value();
        assertThatThrownBy(() -> states.consume(forged)).isInstanceOfSatisfying(StateTokens.InvalidState.class, e -> {
            assertThat(e).hasMessageContaining("not issued by this host (its signature does not match)");
            assertThat(e.instanceId()).as("nothing in a forged state is trusted").isNull();
        });
    }

    @Test
    void changingAnyPartOfAStateBreaksItsSignature() throws Exception {
        String value = states.issue("crm", "v").value();
        String[] parts = value.split("\\.");
        String otherInstance = Base64.getUrlEncoder().withoutPadding().encodeToString("gh".getBytes(StandardCharsets.UTF_8));
        String[] tampered = {
            otherInstance + "." + parts[1] + "." + parts[2] + "." + parts[3],
            parts[0] + "." + flip(parts[1]) + "." + parts[2] + "." + parts[3],
            parts[0] + "." + parts[1] + "." + (Long.parseLong(parts[2]) + 3600) + "." + parts[3],
            parts[0] + "." + parts[1] + "." + parts[2] + "." + flip(parts[3]),
        };
        for (String t : tampered) {
            assertThatThrownBy(() -> states.consume(t)).as(t).isInstanceOf(StateTokens.InvalidState.class)
                    .hasMessageContaining("signature does not match");
        }
        assertThat(states.consume(value)).as("the genuine one still works").isEqualTo("v");
    }

    @Test
    void malformedStatesAreRefusedWithoutFailing() {
        for (String bad : new String[] {null, "", "abc", "a.b.c", "a.b.c.d.e", "a.b.c.!!!"}) {
            assertThatThrownBy(() -> states.consume(bad)).as(String.valueOf(bad)).isInstanceOf(StateTokens.InvalidState.class)
                    .hasMessageContaining("not");
        }
    }

    @Test
    void aNewKeyInvalidatesStatesSignedWithTheOldOne() throws Exception {
        String value = states.issue("crm", "v").value();
        key = "a rotated key, also 32 bytes lon".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> states.consume(value)).isInstanceOf(StateTokens.InvalidState.class);
    }

    private static String flip(String part) {
        char c = part.charAt(0);
        return (c == 'A' ? 'B' : 'A') + part.substring(1);
    }
}

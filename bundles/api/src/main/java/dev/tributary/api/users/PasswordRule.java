package dev.tributary.api.users;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The rule every new password must pass (the one-time first-start password, one set by an admin, one
 * a user chooses), after NIST SP 800-63B and OWASP's authentication cheat sheet: length counts,
 * composition rules (a digit, a capital…) do not.
 *
 * <ul>
 * <li>at least {@value #MIN_LENGTH} characters (any: spaces and every Unicode letter count, so a
 *     passphrase works) and at most {@value #MAX_LENGTH};</li>
 * <li>at least {@value #MIN_DISTINCT} different characters ({@code aaaaaaaaaaaa} and
 *     {@code 121212121212} fail);</li>
 * <li>not containing the user's name, nor {@code tributary};</li>
 * <li>not a well-known password (a short built-in list: no list of breached passwords ships with an
 *     offline host).</li>
 * </ul>
 *
 * Changing a password also requires the new one to differ from the current one (checked where the
 * current one is known).
 */
public final class PasswordRule {

    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 1024;
    public static final int MIN_DISTINCT = 5;

    private static final Set<String> WELL_KNOWN = Set.of("password1234", "password12345", "passw0rd1234", "123456789012",
            "1234567890123", "qwertyuiop12", "qwertyuiopas", "qwerty123456", "1q2w3e4r5t6y", "1qaz2wsx3edc", "administrator",
            "administrator1", "letmein12345", "iloveyou1234", "welcome12345", "changeme1234", "abcdefghijkl", "abc123456789",
            "0987654321ab", "trustno1trustno1", "correcthorsebatterystaple");

    private PasswordRule() {}

    /** What is wrong with {@code password} for user {@code name}, in a sentence for them; empty when it passes. */
    public static Optional<String> problem(String name, char[] password) {
        if (password == null || password.length < MIN_LENGTH) {
            return Optional.of("a password needs at least " + MIN_LENGTH + " characters (a few words make a good one)");
        }
        if (password.length > MAX_LENGTH) {
            return Optional.of("a password may have at most " + MAX_LENGTH + " characters");
        }
        if (new String(password).chars().distinct().count() < MIN_DISTINCT) {
            return Optional.of("a password needs at least " + MIN_DISTINCT + " different characters");
        }
        String lower = new String(password).toLowerCase(Locale.ROOT);
        if (name != null && !name.isBlank() && lower.contains(name.toLowerCase(Locale.ROOT))) {
            return Optional.of("a password must not contain the user name");
        }
        if (lower.contains("tributary")) {
            return Optional.of("a password must not contain 'tributary'");
        }
        if (WELL_KNOWN.contains(lower)) {
            return Optional.of("that password is well known: choose another");
        }
        return Optional.empty();
    }
}

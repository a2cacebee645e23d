package dev.tributary.store.internal;

import dev.tributary.api.users.PasswordRule;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First start: while no user exists, creates {@code admin} with a one-time password — the one in
 * {@code TRIBUTARY_ADMIN_PASSWORD} if it passes the password rule, else a random one printed once
 * (a WARN banner: on the terminal of {@code bin/tributary run}, in {@code log/tributary.log}, and
 * repeated by {@code bin/tributary start}). Either must be changed at first sign-in, and is kept only
 * as a hash. There are no default credentials.
 */
final class FirstAdmin {

    static final String VARIABLE = "TRIBUTARY_ADMIN_PASSWORD";
    static final String NAME = "admin";
    /** The banner's first line; {@code bin/tributary start} looks for it in the log. */
    static final String BANNER_TITLE = "First start: created the user 'admin' with this one-time password:";
    static final String STARS = "*".repeat(78);
    private static final Logger LOG = LoggerFactory.getLogger(FirstAdmin.class);
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private FirstAdmin() {}

    /**
     * @param env the environment ({@link System#getenv()})
     * @param url where the host answers, for the banner
     * @return the random password printed, if this call created the admin with one (tests read it here)
     */
    static Optional<String> ensure(UserTable users, Map<String, String> env, String url) throws SQLException {
        String given = env.get(VARIABLE);
        if (users.count() > 0) {
            if (given != null) {
                LOG.info("{} is set but users exist already: it was not used (remove it from the environment)", VARIABLE);
            }
            return Optional.empty();
        }
        if (given != null && !given.isEmpty()) {
            char[] password = given.toCharArray();
            try {
                Optional<String> problem = PasswordRule.problem(NAME, password);
                if (problem.isEmpty()) {
                    if (users.createFirstAdmin(NAME, password, "tributary", "first start: role=admin, password from " + VARIABLE
                            + ", must change at first sign-in")) {
                        LOG.warn("First start: created the user '{}' with the password from {}. Sign in at {} and change it (nothing else"
                                + " is allowed until then); then remove the variable from the environment.", NAME, VARIABLE, url);
                    }
                    return Optional.empty();
                }
                LOG.warn("{} was not used: {}. A random one-time password is made instead.", VARIABLE, problem.get());
            } finally {
                Arrays.fill(password, '\0');
            }
        }
        char[] password = random();
        try {
            if (!users.createFirstAdmin(NAME, password, "tributary", "first start: role=admin, random one-time password,"
                    + " must change at first sign-in")) {
                return Optional.empty();
            }
            String shown = new String(password);
            LOG.warn("{}", banner(shown, url));
            return Optional.of(shown);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** One log event, the banner on lines of its own between two lines of stars. */
    static String banner(String password, String url) {
        return "\n" + STARS + "\n" + BANNER_TITLE + "\n\n    " + password + "\n\nSign in with it at " + url
                + " (or POST /api/v1/session) and choose a new password: until then it allows\nnothing else, and after that it is"
                + " worthless. Only this start prints it (the store keeps just a hash).\n(Or set " + VARIABLE
                + " before the first start to choose it.)\n" + STARS;
    }

    /** Four groups of five from an alphabet without look-alikes (0/O, 1/l/I): about 117 random bits. */
    static char[] random() {
        SecureRandom random = new SecureRandom();
        while (true) {
            char[] p = new char[23];
            for (int i = 0; i < p.length; i++) {
                p[i] = i % 6 == 5 ? '-' : ALPHABET.charAt(random.nextInt(ALPHABET.length()));
            }
            if (PasswordRule.problem(NAME, p).isEmpty()) {
                return p;
            }
        }
    }
}

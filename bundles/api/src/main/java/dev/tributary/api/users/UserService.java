package dev.tributary.api.users;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The users and API tokens of the host. Every change is written to the store's audit trail with the
 * {@code actor} given (who asked: a user's name, or the local admin token). Passwords passed in are
 * read, never kept: callers should clear their arrays afterwards.
 *
 * <p>On first start, when no user exists, the implementation creates {@code admin} with a one-time
 * password (random and printed once, or taken from the environment variable
 * {@code TRIBUTARY_ADMIN_PASSWORD}) that must be changed at first sign-in. There are no default
 * credentials.
 *
 * <p>Errors: {@link IllegalArgumentException} for a request that cannot work (a bad name, role,
 * principal or password; the message says which), {@link IllegalStateException} for a conflict (the
 * name is taken, the last admin cannot go).
 */
@ProviderType
public interface UserService {

    /** User names: lower case letters, digits and {@code . _ @ -}, up to 64, starting with a letter or digit. */
    Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._@-]{0,63}");

    /**
     * Source principals: {@code kind:value} with a lower-case kind, e.g. {@code user:ann@example.com},
     * {@code group:eng}, {@code user:github/ann}; no white space, up to 500 characters.
     */
    Pattern PRINCIPAL = Pattern.compile("[a-z][a-z0-9_.-]{0,49}:[^\\s]{1,449}");

    /** The principal everyone has: every search runs with it too. */
    String EVERYONE = "everyone";

    List<User> users();

    /** @param name matched case-insensitively */
    Optional<User> user(String name);

    /**
     * Creates a user who must change {@code initialPassword} at first sign-in.
     *
     * @throws IllegalArgumentException for a bad name, principal or a password that fails {@link PasswordRule}
     * @throws IllegalStateException    if the name is taken
     */
    User create(String name, Role role, Set<String> principals, char[] initialPassword, String actor);

    /**
     * Changes a user's role and/or principals (null: unchanged).
     *
     * @return the user as now, or empty if there is none of that name
     * @throws IllegalStateException if this would leave no admin
     */
    Optional<User> update(String name, Role role, Set<String> principals, String actor);

    /**
     * Deletes a user and their tokens.
     *
     * @return whether there was such a user
     * @throws IllegalStateException if it is the last admin
     */
    boolean delete(String name, String actor);

    /**
     * Sets a temporary password the user must change at their next sign-in.
     *
     * @return whether there is such a user
     */
    boolean resetPassword(String name, char[] temporaryPassword, String actor);

    /**
     * Checks a name and password (taking as long for an unknown name as for a known one) and records
     * the sign-in.
     *
     * @return the user, or empty if the name or password is wrong
     */
    Optional<User> authenticate(String name, char[] password);

    /**
     * A user changes their own password, proving the current one; clears {@link User#mustChangePassword()}.
     *
     * @throws IllegalArgumentException if the current password is wrong, or the new one fails
     *                                  {@link PasswordRule} or equals the current one
     */
    User changePassword(String name, char[] currentPassword, char[] newPassword);

    /**
     * Creates an API token for {@code user}, scoped to {@code role}.
     *
     * @throws IllegalArgumentException if there is no such user, the name is bad, or {@code role} is
     *                                  above the user's
     */
    NewToken createToken(String user, String name, Role role, String actor);

    /** Every token, without secrets, oldest first. */
    List<ApiToken> tokens();

    /** @return whether there was such a token */
    boolean revokeToken(long id, String actor);

    /**
     * The token whose secret this is, with its owner; records its use.
     *
     * @return empty for an unknown or revoked token
     */
    Optional<TokenIdentity> authenticateToken(String secret);
}

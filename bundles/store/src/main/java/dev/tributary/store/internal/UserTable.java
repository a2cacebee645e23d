package dev.tributary.store.internal;

import dev.tributary.api.users.ApiToken;
import dev.tributary.api.users.NewToken;
import dev.tributary.api.users.PasswordRule;
import dev.tributary.api.users.Role;
import dev.tributary.api.users.TokenIdentity;
import dev.tributary.api.users.User;
import dev.tributary.api.users.UserService;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.InstantSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Users ({@code users}) and API tokens ({@code api_tokens}). Passwords are hashed here and hashes never
 * leave this class; every change is written to the audit trail on the same connection, in the same
 * transaction. Slow hashing happens before a transaction opens, never inside one.
 */
final class UserTable {

    /** A token is used at most this often as far as its {@code last used} goes: no write per request. */
    static final Duration LAST_USED_GRANULARITY = Duration.ofMinutes(1);
    static final String TOKEN_PREFIX = "trb_";
    private static final Pattern TOKEN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}");
    private static final int MAX_PRINCIPALS = 1000;
    private static final String USER = "name, role, must_change, principals, created_at, last_login_at";

    private final DataSource db;
    private final PasswordHasher hasher;
    private final InstantSource clock;
    private final SecureRandom random = new SecureRandom();
    /** Verified against when a name is unknown, so a wrong name takes as long as a wrong password. */
    private volatile String decoy;

    UserTable(DataSource db, PasswordHasher hasher, InstantSource clock) {
        this.db = db;
        this.hasher = hasher;
        this.clock = clock;
    }

    long count() throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT COUNT(*) FROM users")) {
            r.next();
            return r.getLong(1);
        }
    }

    List<User> users() throws SQLException {
        List<User> out = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT " + USER + " FROM users ORDER BY name")) {
            while (r.next()) {
                out.add(user(r));
            }
        }
        return out;
    }

    Optional<User> user(String name) throws SQLException {
        String n = normalized(name);
        if (n == null) {
            return Optional.empty();
        }
        try (Connection c = db.getConnection()) {
            return user(c, n);
        }
    }

    User create(String name, Role role, Set<String> principals, char[] password, String actor) throws SQLException {
        String n = validName(name);
        requireRole(role);
        Set<String> p = validPrincipals(principals == null ? Set.of() : principals);
        checkPassword(n, password);
        String hash = hasher.hash(password);
        Instant now = clock.instant();
        return transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO users (name, password_hash, role, must_change, principals, created_at)"
                    + " VALUES (?, ?, ?, TRUE, ?, ?)")) {
                s.setString(1, n);
                s.setString(2, hash);
                s.setString(3, role.id());
                s.setString(4, Rows.json(p));
                s.setTimestamp(5, Timestamp.from(now));
                s.executeUpdate();
            } catch (SQLIntegrityConstraintViolationException e) {
                throw new IllegalStateException("there is already a user '" + n + "'");
            }
            RunTable.audit(c, actor, "user.create", n, "role=" + role.id() + " principals=" + new TreeSet<>(p));
            return user(c, n).orElseThrow();
        });
    }

    Optional<User> update(String name, Role role, Set<String> principals, String actor) throws SQLException {
        String n = normalized(name);
        Set<String> p = principals == null ? null : validPrincipals(principals);
        if (n == null) {
            return Optional.empty();
        }
        return transaction(c -> {
            Optional<User> before = user(c, n);
            if (before.isEmpty()) {
                return Optional.empty();
            }
            List<String> changes = new ArrayList<>();
            if (role != null && role != before.get().role()) {
                if (before.get().role() == Role.ADMIN && admins(c) <= 1) {
                    throw new IllegalStateException("'" + n + "' is the only admin: make another user admin first");
                }
                execute(c, "UPDATE users SET role = ? WHERE name = ?", role.id(), n);
                changes.add("role=" + role.id());
            }
            if (p != null && !p.equals(before.get().principals())) {
                execute(c, "UPDATE users SET principals = ? WHERE name = ?", Rows.json(p), n);
                changes.add("principals=" + new TreeSet<>(p));
            }
            if (!changes.isEmpty()) {
                RunTable.audit(c, actor, "user.update", n, String.join(" ", changes));
            }
            return user(c, n);
        });
    }

    boolean delete(String name, String actor) throws SQLException {
        String n = normalized(name);
        if (n == null) {
            return false;
        }
        return transaction(c -> {
            Optional<User> before = user(c, n);
            if (before.isEmpty()) {
                return false;
            }
            if (before.get().role() == Role.ADMIN && admins(c) <= 1) {
                throw new IllegalStateException("'" + n + "' is the only admin and cannot be deleted: make another user admin first");
            }
            // its tokens go with it (ON DELETE CASCADE)
            execute(c, "DELETE FROM users WHERE name = ?", n);
            RunTable.audit(c, actor, "user.delete", n, "role=" + before.get().role().id());
            return true;
        });
    }

    boolean resetPassword(String name, char[] password, String actor) throws SQLException {
        String n = normalized(name);
        if (n == null || user(n).isEmpty()) {
            return false;
        }
        checkPassword(n, password);
        String hash = hasher.hash(password);
        return transaction(c -> {
            if (execute(c, "UPDATE users SET password_hash = ?, must_change = TRUE WHERE name = ?", hash, n) == 0) {
                return false;
            }
            RunTable.audit(c, actor, "user.password.reset", n, "must change at next sign-in");
            return true;
        });
    }

    Optional<User> authenticate(String name, char[] password) throws SQLException {
        String n = normalized(name);
        String hash = n == null ? null : passwordHash(n);
        if (hash == null) {
            hasher.verify(password == null ? new char[0] : password, decoy());
            return Optional.empty();
        }
        if (password == null || !hasher.verify(password, hash)) {
            return Optional.empty();
        }
        String rehashed = hasher.outdated(hash) ? hasher.hash(password) : null;
        try (Connection c = db.getConnection()) {
            if (rehashed != null) {
                execute(c, "UPDATE users SET password_hash = ? WHERE name = ? AND password_hash = ?", rehashed, n, hash);
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE users SET last_login_at = ? WHERE name = ?")) {
                s.setTimestamp(1, Timestamp.from(clock.instant()));
                s.setString(2, n);
                s.executeUpdate();
            }
            return user(c, n);
        }
    }

    User changePassword(String name, char[] current, char[] replacement) throws SQLException {
        String n = normalized(name);
        String hash = n == null ? null : passwordHash(n);
        if (hash == null || current == null || !hasher.verify(current, hash)) {
            throw new IllegalArgumentException("the current password is wrong");
        }
        checkPassword(n, replacement);
        if (Arrays.equals(current, replacement)) {
            throw new IllegalArgumentException("the new password must differ from the current one");
        }
        String newHash = hasher.hash(replacement);
        return transaction(c -> {
            // only if nobody changed it meanwhile: the proof was for this hash
            if (execute(c, "UPDATE users SET password_hash = ?, must_change = FALSE WHERE name = ? AND password_hash = ?", newHash, n,
                    hash) == 0) {
                throw new IllegalArgumentException("the password was changed meanwhile: sign in again");
            }
            RunTable.audit(c, n, "user.password.change", n, null);
            return user(c, n).orElseThrow();
        });
    }

    NewToken createToken(String userName, String name, Role role, String actor) throws SQLException {
        String owner = normalized(userName);
        if (name == null || !TOKEN_NAME.matcher(name.strip()).matches()) {
            throw new IllegalArgumentException("a token's name is up to 100 letters, digits, spaces, '.', '_' or '-', not '" + name + "'");
        }
        requireRole(role);
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String secret = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Arrays.fill(raw, (byte) 0);
        Instant now = clock.instant();
        return transaction(c -> {
            User u = (owner == null ? Optional.<User>empty() : user(c, owner))
                    .orElseThrow(() -> new IllegalArgumentException("there is no user '" + userName + "' to own the token"));
            if (!u.role().covers(role)) {
                throw new IllegalArgumentException("a token of " + u.name() + " can be at most " + u.role().id() + ", not " + role.id());
            }
            long id;
            try (PreparedStatement s = c.prepareStatement("INSERT INTO api_tokens (name, user_name, role, token_hash, created_at)"
                    + " VALUES (?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                s.setString(1, name.strip());
                s.setString(2, u.name());
                s.setString(3, role.id());
                s.setString(4, digest(secret));
                s.setTimestamp(5, Timestamp.from(now));
                s.executeUpdate();
                try (ResultSet keys = s.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            RunTable.audit(c, actor, "token.create", "token " + id, "name=" + name.strip() + " user=" + u.name() + " role=" + role.id());
            return new NewToken(new ApiToken(id, name.strip(), u.name(), role, now, null), secret);
        });
    }

    List<ApiToken> tokens() throws SQLException {
        List<ApiToken> out = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT id, name, user_name, role, created_at, last_used_at FROM api_tokens ORDER BY id")) {
            while (r.next()) {
                out.add(token(r));
            }
        }
        return out;
    }

    boolean revokeToken(long id, String actor) throws SQLException {
        return transaction(c -> {
            String what = null;
            try (PreparedStatement s = c.prepareStatement("SELECT name, user_name FROM api_tokens WHERE id = ?")) {
                s.setLong(1, id);
                try (ResultSet r = s.executeQuery()) {
                    if (r.next()) {
                        what = "name=" + r.getString(1) + " user=" + r.getString(2);
                    }
                }
            }
            if (what == null) {
                return false;
            }
            execute(c, "DELETE FROM api_tokens WHERE id = ?", id);
            RunTable.audit(c, actor, "token.revoke", "token " + id, what);
            return true;
        });
    }

    Optional<TokenIdentity> authenticateToken(String secret) throws SQLException {
        if (secret == null || !secret.startsWith(TOKEN_PREFIX) || secret.length() > 200) {
            return Optional.empty();
        }
        try (Connection c = db.getConnection()) {
            ApiToken token;
            try (PreparedStatement s = c.prepareStatement("SELECT id, name, user_name, role, created_at, last_used_at FROM api_tokens"
                    + " WHERE token_hash = ?")) {
                s.setString(1, digest(secret));
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        return Optional.empty();
                    }
                    token = token(r);
                }
            }
            Optional<User> owner = user(c, token.user());
            if (owner.isEmpty()) {
                return Optional.empty();
            }
            Instant now = clock.instant();
            if (token.lastUsed() == null || token.lastUsed().plus(LAST_USED_GRANULARITY).isBefore(now)) {
                try (PreparedStatement s = c.prepareStatement("UPDATE api_tokens SET last_used_at = ? WHERE id = ?")) {
                    s.setTimestamp(1, Timestamp.from(now));
                    s.setLong(2, token.id());
                    s.executeUpdate();
                }
                token = new ApiToken(token.id(), token.name(), token.user(), token.role(), token.created(), now);
            }
            return Optional.of(new TokenIdentity(token, owner.get()));
        }
    }

    /** The hash kept for a token's secret: SHA-256 is enough for 256 random bits (no guessing to slow down). */
    static String digest(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }

    /** Creates the first admin inside one transaction, only if there is still no user; false if one appeared meanwhile. */
    boolean createFirstAdmin(String name, char[] password, String actor, String detail) throws SQLException {
        String hash = hasher.hash(password);
        Instant now = clock.instant();
        return transaction(c -> {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT COUNT(*) FROM users")) {
                r.next();
                if (r.getLong(1) > 0) {
                    return false;
                }
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO users (name, password_hash, role, must_change, principals, created_at)"
                    + " VALUES (?, ?, ?, TRUE, '[]', ?)")) {
                s.setString(1, name);
                s.setString(2, hash);
                s.setString(3, Role.ADMIN.id());
                s.setTimestamp(4, Timestamp.from(now));
                s.executeUpdate();
            }
            RunTable.audit(c, actor, "user.create", name, detail);
            return true;
        });
    }

    private String decoy() {
        String d = decoy;
        if (d == null) {
            char[] any = new char[24];
            for (int i = 0; i < any.length; i++) {
                any[i] = (char) ('a' + random.nextInt(26));
            }
            decoy = d = hasher.hash(any);
        }
        return d;
    }

    private String passwordHash(String name) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("SELECT password_hash FROM users WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    private static long admins(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM users WHERE role = ?")) {
            s.setString(1, Role.ADMIN.id());
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private static Optional<User> user(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + USER + " FROM users WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(user(r)) : Optional.empty();
            }
        }
    }

    private static User user(ResultSet r) throws SQLException {
        Timestamp last = r.getTimestamp("last_login_at");
        return new User(r.getString("name"), Role.of(r.getString("role")), Rows.principals(r.getString("principals")),
                r.getBoolean("must_change"), r.getTimestamp("created_at").toInstant(), last == null ? null : last.toInstant());
    }

    private static ApiToken token(ResultSet r) throws SQLException {
        Timestamp last = r.getTimestamp("last_used_at");
        return new ApiToken(r.getLong("id"), r.getString("name"), r.getString("user_name"), Role.of(r.getString("role")),
                r.getTimestamp("created_at").toInstant(), last == null ? null : last.toInstant());
    }

    private static int execute(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            return s.executeUpdate();
        }
    }

    private <T> T transaction(Transaction.Work<T> work) throws SQLException {
        try (Connection c = db.getConnection()) {
            return Transaction.run(c, work);
        }
    }

    static String normalized(String name) {
        if (name == null) {
            return null;
        }
        String n = name.strip().toLowerCase(Locale.ROOT);
        return UserService.NAME.matcher(n).matches() ? n : null;
    }

    private static String validName(String name) {
        String n = normalized(name);
        if (n == null) {
            throw new IllegalArgumentException("a user name is 1 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit, not '"
                    + name + "'");
        }
        return n;
    }

    private static void requireRole(Role role) {
        if (role == null) {
            throw new IllegalArgumentException("say which role: admin, operator or viewer");
        }
    }

    private static void checkPassword(String name, char[] password) {
        PasswordRule.problem(name, password).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
    }

    static Set<String> validPrincipals(Set<String> principals) {
        if (principals.size() > MAX_PRINCIPALS) {
            throw new IllegalArgumentException("a user may have at most " + MAX_PRINCIPALS + " principals");
        }
        Set<String> out = new TreeSet<>();
        for (String p : principals) {
            String v = p == null ? "" : p.strip();
            if (!UserService.PRINCIPAL.matcher(v).matches()) {
                throw new IllegalArgumentException("a principal is kind:value, e.g. user:ann@example.com or group:eng, not '" + p + "'");
            }
            out.add(v);
        }
        return out;
    }
}

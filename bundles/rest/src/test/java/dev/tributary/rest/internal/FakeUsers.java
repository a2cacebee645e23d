package dev.tributary.rest.internal;

import dev.tributary.api.users.ApiToken;
import dev.tributary.api.users.NewToken;
import dev.tributary.api.users.PasswordRule;
import dev.tributary.api.users.Role;
import dev.tributary.api.users.TokenIdentity;
import dev.tributary.api.users.User;
import dev.tributary.api.users.UserService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The user directory in memory, for tests of the routes (the store's is tested in its bundle): same
 * rules, passwords kept in clear because nothing here is real.
 */
final class FakeUsers implements UserService {

    private final Map<String, User> users = new LinkedHashMap<>();
    private final Map<String, String> passwords = new LinkedHashMap<>();
    private final Map<String, ApiToken> tokens = new LinkedHashMap<>();
    final List<String> audit = new ArrayList<>();
    private long nextToken = 1;

    /** A user as if made and (unless {@code mustChange}) already past their first password change. */
    FakeUsers with(String name, Role role, Set<String> principals, String password, boolean mustChange) {
        users.put(name, new User(name, role, principals, mustChange, Instant.EPOCH, null));
        passwords.put(name, password);
        return this;
    }

    @Override
    public synchronized List<User> users() {
        return List.copyOf(users.values());
    }

    @Override
    public synchronized Optional<User> user(String name) {
        return Optional.ofNullable(users.get(key(name)));
    }

    @Override
    public synchronized User create(String name, Role role, Set<String> principals, char[] password, String actor) {
        String n = key(name);
        if (n == null || !NAME.matcher(n).matches()) {
            throw new IllegalArgumentException("bad name '" + name + "'");
        }
        if (users.containsKey(n)) {
            throw new IllegalStateException("there is already a user '" + n + "'");
        }
        PasswordRule.problem(n, password).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        principals.forEach(p -> {
            if (!PRINCIPAL.matcher(p).matches()) {
                throw new IllegalArgumentException("a principal is kind:value, not '" + p + "'");
            }
        });
        with(n, role, principals, new String(password), true);
        audit.add(actor + " user.create " + n);
        return users.get(n);
    }

    @Override
    public synchronized Optional<User> update(String name, Role role, Set<String> principals, String actor) {
        User u = users.get(key(name));
        if (u == null) {
            return Optional.empty();
        }
        if (u.role() == Role.ADMIN && role != null && role != Role.ADMIN && admins() == 1) {
            throw new IllegalStateException("the only admin");
        }
        User changed = new User(u.name(), role == null ? u.role() : role, principals == null ? u.principals() : principals,
                u.mustChangePassword(), u.created(), u.lastLogin());
        users.put(u.name(), changed);
        audit.add(actor + " user.update " + u.name());
        return Optional.of(changed);
    }

    @Override
    public synchronized boolean delete(String name, String actor) {
        User u = users.get(key(name));
        if (u == null) {
            return false;
        }
        if (u.role() == Role.ADMIN && admins() == 1) {
            throw new IllegalStateException("the only admin");
        }
        users.remove(u.name());
        tokens.values().removeIf(t -> t.user().equals(u.name()));
        audit.add(actor + " user.delete " + u.name());
        return true;
    }

    @Override
    public synchronized boolean resetPassword(String name, char[] password, String actor) {
        User u = users.get(key(name));
        if (u == null) {
            return false;
        }
        PasswordRule.problem(u.name(), password).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        with(u.name(), u.role(), u.principals(), new String(password), true);
        audit.add(actor + " user.password.reset " + u.name());
        return true;
    }

    @Override
    public synchronized Optional<User> authenticate(String name, char[] password) {
        String n = key(name);
        return n != null && users.containsKey(n) && passwords.get(n).equals(new String(password)) ? Optional.of(users.get(n))
                : Optional.empty();
    }

    @Override
    public synchronized User changePassword(String name, char[] current, char[] replacement) {
        if (authenticate(name, current).isEmpty()) {
            throw new IllegalArgumentException("the current password is wrong");
        }
        PasswordRule.problem(key(name), replacement).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        if (Arrays.equals(current, replacement)) {
            throw new IllegalArgumentException("the new password must differ from the current one");
        }
        User u = users.get(key(name));
        with(u.name(), u.role(), u.principals(), new String(replacement), false);
        audit.add(u.name() + " user.password.change " + u.name());
        return users.get(u.name());
    }

    @Override
    public synchronized NewToken createToken(String user, String name, Role role, String actor) {
        User u = users.get(key(user));
        if (u == null) {
            throw new IllegalArgumentException("there is no user '" + user + "' to own the token");
        }
        if (!u.role().covers(role)) {
            throw new IllegalArgumentException("a token of " + u.name() + " can be at most " + u.role().id());
        }
        String secret = "trb_secret_" + nextToken + "_" + System.nanoTime();
        ApiToken t = new ApiToken(nextToken++, name, u.name(), role, Instant.EPOCH, null);
        tokens.put(secret, t);
        audit.add(actor + " token.create " + t.id());
        return new NewToken(t, secret);
    }

    @Override
    public synchronized List<ApiToken> tokens() {
        return List.copyOf(tokens.values());
    }

    @Override
    public synchronized boolean revokeToken(long id, String actor) {
        boolean removed = tokens.values().removeIf(t -> t.id() == id);
        if (removed) {
            audit.add(actor + " token.revoke " + id);
        }
        return removed;
    }

    @Override
    public synchronized Optional<TokenIdentity> authenticateToken(String secret) {
        ApiToken t = tokens.get(secret);
        return t == null ? Optional.empty() : Optional.of(new TokenIdentity(t, users.get(t.user())));
    }

    private long admins() {
        return users.values().stream().filter(u -> u.role() == Role.ADMIN).count();
    }

    private static String key(String name) {
        return name == null ? null : name.strip().toLowerCase(Locale.ROOT);
    }
}

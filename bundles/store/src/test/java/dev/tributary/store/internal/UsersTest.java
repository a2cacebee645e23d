package dev.tributary.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.api.users.ApiToken;
import dev.tributary.api.users.NewToken;
import dev.tributary.api.users.Role;
import dev.tributary.api.users.TokenIdentity;
import dev.tributary.api.users.User;
import dev.tributary.testkit.LogCapture;
import dev.tributary.testkit.MemoryVault;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Users and API tokens in a real store: first start, passwords, roles, principals, tokens, audit. */
class UsersTest {

    private static final String URL = "http://127.0.0.1:8080/";

    @TempDir
    Path dir;
    final MemoryVault vault = new MemoryVault();
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-03-01T10:00:00Z"));
    /** Cheap costs: these tests hash dozens of passwords (PasswordHasherTest covers the real ones). */
    final PasswordHasher hasher = new PasswordHasher(64, 1);
    HsqlDocumentStore store;

    @BeforeEach
    void open() throws Exception {
        store = new HsqlDocumentStore(HsqlDocumentStore.open(dir, vault, 2), hasher, now::get);
    }

    @AfterEach
    void close() throws Exception {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void firstStartCreatesTheAdminOnceWithARandomOneTimePasswordPrintedInABanner() throws Exception {
        Optional<String> password;
        try (LogCapture log = new LogCapture()) {
            password = store.ensureFirstAdmin(Map.of(), URL);
            assertThat(password).isPresent();
            assertThat(log.lines("WARN")).as("one log event").hasSize(1);
        }
        assertThat(password.get()).matches("[A-Za-z2-9]{5}(-[A-Za-z2-9]{5}){3}");
        User admin = store.user("admin").orElseThrow();
        assertThat(admin.role()).isEqualTo(Role.ADMIN);
        assertThat(admin.mustChangePassword()).isTrue();
        assertThat(admin.principals()).isEmpty();
        assertThat(store.authenticate("admin", password.get().toCharArray())).isPresent();

        // the next start, and the one after a restart, make nobody
        assertThat(store.ensureFirstAdmin(Map.of(), URL)).isEmpty();
        reopen();
        assertThat(store.ensureFirstAdmin(Map.of(FirstAdmin.VARIABLE, "another-long-password"), URL)).isEmpty();
        assertThat(store.users()).extracting(User::name).containsExactly("admin");
        assertThat(store.authenticate("admin", "another-long-password".toCharArray())).isEmpty();
        assertThat(audit()).anySatisfy(a -> assertThat(a).startsWith("tributary user.create admin first start: role=admin, random"));
    }

    @Test
    void theBannerHoldsThePasswordAndTheWayToUseItBetweenLinesOfStars() {
        String banner = FirstAdmin.banner("abcde-fghij", URL);
        assertThat(banner.lines().toList()).first().isEqualTo("");
        assertThat(banner.lines().skip(1).toList()).first().isEqualTo(FirstAdmin.STARS);
        assertThat(banner.lines().toList()).last().isEqualTo(FirstAdmin.STARS);
        assertThat(banner).contains(FirstAdmin.BANNER_TITLE, "\n    abcde-fghij\n", URL, "/api/v1/session", FirstAdmin.VARIABLE);
    }

    @Test
    void thePasswordFromTheEnvironmentIsUsedAndNeverLoggedButMustStillBeChanged() throws Exception {
        String given = "seven purple otters";
        try (LogCapture log = new LogCapture()) {
            assertThat(store.ensureFirstAdmin(Map.of(FirstAdmin.VARIABLE, given), URL)).as("nothing random printed").isEmpty();
            assertThat(log.lines("WARN")).singleElement().satisfies(l -> assertThat(l).contains(FirstAdmin.VARIABLE).doesNotContain(given));
        }
        User admin = store.authenticate("admin", given.toCharArray()).orElseThrow();
        assertThat(admin.mustChangePassword()).isTrue();
        assertThat(audit()).noneSatisfy(a -> assertThat(a).contains(given));
    }

    @Test
    void aWeakPasswordInTheEnvironmentIsRefusedForARandomOne() throws Exception {
        try (LogCapture log = new LogCapture()) {
            Optional<String> random = store.ensureFirstAdmin(Map.of(FirstAdmin.VARIABLE, "admin"), URL);
            assertThat(random).isPresent();
            assertThat(log.lines("WARN")).anySatisfy(l -> assertThat(l).contains(FirstAdmin.VARIABLE + " was not used: a password needs at least 12"));
        }
        assertThat(store.authenticate("admin", "admin".toCharArray())).isEmpty();
    }

    @Test
    void signingInChecksThePasswordAndRecordsWhen() {
        store.create("Ann", Role.VIEWER, Set.of("user:ann@example.com", "group:eng"), "first password!".toCharArray(), "admin");
        assertThat(store.user("ANN")).as("names are case-insensitive, kept lower case").hasValueSatisfying(u -> {
            assertThat(u.name()).isEqualTo("ann");
            assertThat(u.lastLogin()).isNull();
        });

        assertThat(store.authenticate("ann", "first password?".toCharArray())).isEmpty();
        assertThat(store.authenticate("nobody", "first password!".toCharArray())).isEmpty();
        assertThat(store.authenticate("", "first password!".toCharArray())).isEmpty();
        now.set(now.get().plusSeconds(60));
        User ann = store.authenticate(" Ann ", "first password!".toCharArray()).orElseThrow();
        assertThat(ann.lastLogin()).isEqualTo(now.get());
        assertThat(ann.principals()).containsExactlyInAnyOrder("user:ann@example.com", "group:eng");
        assertThat(ann.mustChangePassword()).isTrue();
    }

    @Test
    void changingThePasswordProvesTheCurrentOneFollowsTheRuleAndEndsTheForcedChange() throws Exception {
        store.create("bob", Role.OPERATOR, Set.of(), "temporary pass 1".toCharArray(), "admin");

        assertThatThrownBy(() -> store.changePassword("bob", "wrong".toCharArray(), "a brand new secret".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("the current password is wrong");
        assertThatThrownBy(() -> store.changePassword("bob", "temporary pass 1".toCharArray(), "short".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 12 characters");
        assertThatThrownBy(() -> store.changePassword("bob", "temporary pass 1".toCharArray(), "temporary pass 1".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ");
        assertThatThrownBy(() -> store.changePassword("bob", "temporary pass 1".toCharArray(), "bob's own secret".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("user name");
        assertThatThrownBy(() -> store.changePassword("bob", "temporary pass 1".toCharArray(), "aaaaaaaaaaaaaaaa".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("different characters");

        User bob = store.changePassword("bob", "temporary pass 1".toCharArray(), "a brand new secret".toCharArray());
        assertThat(bob.mustChangePassword()).isFalse();
        assertThat(store.authenticate("bob", "temporary pass 1".toCharArray())).isEmpty();
        assertThat(store.authenticate("bob", "a brand new secret".toCharArray())).isPresent();

        // an admin's reset forces a change again
        assertThat(store.resetPassword("bob", "reset by admin 1".toCharArray(), "admin")).isTrue();
        assertThat(store.authenticate("bob", "reset by admin 1".toCharArray())).hasValueSatisfying(u -> assertThat(u.mustChangePassword()).isTrue());
        assertThat(store.resetPassword("nobody", "reset by admin 1".toCharArray(), "admin")).isFalse();
        assertThat(audit()).contains("admin user.create bob role=operator principals=[]", "bob user.password.change bob null",
                "admin user.password.reset bob must change at next sign-in");
        assertThat(audit()).noneSatisfy(a -> assertThat(a).containsAnyOf("temporary pass 1", "a brand new secret", "reset by admin 1"));
    }

    @Test
    void aPasswordHashedWithOlderParametersIsReplacedAtTheNextSignIn() throws Exception {
        store.create("carl", Role.VIEWER, Set.of(), "an old pass phrase".toCharArray(), "admin");
        String before = hashOf("carl");
        store.close();
        store = new HsqlDocumentStore(HsqlDocumentStore.open(dir, vault, 2), new PasswordHasher(128, 1), now::get);

        assertThat(store.authenticate("carl", "an old pass phrase".toCharArray())).isPresent();
        assertThat(hashOf("carl")).isNotEqualTo(before).startsWith("$argon2id$v=19$m=128,t=1,p=1$");
        assertThat(store.authenticate("carl", "an old pass phrase".toCharArray())).isPresent();
    }

    @Test
    void namesPrincipalsAndRolesAreChecked() throws Exception {
        assertThatThrownBy(() -> store.create("no spaces", Role.VIEWER, Set.of(), "good password 1".toCharArray(), "admin"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("user name");
        assertThatThrownBy(() -> store.create("dora", Role.VIEWER, Set.of("ann@example.com"), "good password 1".toCharArray(), "admin"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kind:value");
        assertThatThrownBy(() -> store.create("dora", null, Set.of(), "good password 1".toCharArray(), "admin"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("role");
        assertThatThrownBy(() -> store.create("dora", Role.VIEWER, Set.of(), "password1234".toCharArray(), "admin"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("well known");
        store.create("dora", Role.VIEWER, Set.of("user:github/dora"), "good password 1".toCharArray(), "admin");
        assertThatThrownBy(() -> store.create("Dora", Role.ADMIN, Set.of(), "good password 1".toCharArray(), "admin"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already a user 'dora'");

        User dora = store.update("dora", Role.OPERATOR, Set.of("group:eng", "user:dora@example.com"), "admin").orElseThrow();
        assertThat(dora.role()).isEqualTo(Role.OPERATOR);
        assertThat(dora.principals()).containsExactlyInAnyOrder("group:eng", "user:dora@example.com");
        assertThat(store.update("dora", null, null, "admin")).contains(dora);
        assertThat(store.update("nobody", Role.ADMIN, null, "admin")).isEmpty();
        assertThat(audit()).contains("admin user.update dora role=operator principals=[group:eng, user:dora@example.com]");
    }

    @Test
    void theLastAdminCanBeNeitherDemotedNorDeleted() throws Exception {
        store.ensureFirstAdmin(Map.of(), URL);
        assertThatThrownBy(() -> store.update("admin", Role.VIEWER, null, "admin")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("only admin");
        assertThatThrownBy(() -> store.delete("admin", "admin")).isInstanceOf(IllegalStateException.class);

        store.create("erin", Role.ADMIN, Set.of(), "second admin pass".toCharArray(), "admin");
        assertThat(store.delete("admin", "erin")).isTrue();
        assertThat(store.delete("admin", "erin")).isFalse();
        assertThat(store.users()).extracting(User::name).containsExactly("erin");
        assertThat(audit()).contains("erin user.delete admin role=admin");
    }

    @Test
    void tokensAreKeptOnlyAsAHashAndActAsTheirOwnerWithinTheirScope() throws Exception {
        store.create("fay", Role.OPERATOR, Set.of("group:ops"), "operator pass 77".toCharArray(), "admin");
        assertThatThrownBy(() -> store.createToken("fay", "too much", Role.ADMIN, "admin")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most operator");
        assertThatThrownBy(() -> store.createToken("nobody", "report", Role.VIEWER, "admin")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no user 'nobody'");
        assertThatThrownBy(() -> store.createToken("fay", "bad\nname", Role.VIEWER, "admin")).isInstanceOf(IllegalArgumentException.class);

        NewToken created = store.createToken("fay", "nightly report", Role.VIEWER, "admin");
        assertThat(created.secret()).startsWith("trb_").hasSizeGreaterThan(40);
        assertThat(created.toString()).doesNotContain(created.secret());
        assertThat(created.token()).isEqualTo(new ApiToken(created.token().id(), "nightly report", "fay", Role.VIEWER, now.get(), null));

        TokenIdentity id = store.authenticateToken(created.secret()).orElseThrow();
        assertThat(id.owner().name()).isEqualTo("fay");
        assertThat(id.owner().principals()).containsExactly("group:ops");
        assertThat(id.role()).isEqualTo(Role.VIEWER);
        assertThat(id.token().lastUsed()).isEqualTo(now.get());
        assertThat(store.authenticateToken(created.secret() + "x")).isEmpty();
        assertThat(store.authenticateToken("not even a token")).isEmpty();
        assertThat(store.authenticateToken(null)).isEmpty();

        // at rest: only the SHA-256 of the secret, nowhere the secret itself
        assertThat(column("SELECT token_hash FROM api_tokens")).containsExactly(UserTable.digest(created.secret()));
        assertThat(dump()).doesNotContain(created.secret());
        assertThat(store.tokens()).singleElement().satisfies(t -> assertThat(t.toString()).doesNotContain(created.secret()));

        // last used: written at most once a minute
        Instant first = now.get();
        now.set(first.plusSeconds(30));
        assertThat(store.authenticateToken(created.secret()).orElseThrow().token().lastUsed()).isEqualTo(first);
        now.set(first.plusSeconds(61));
        assertThat(store.authenticateToken(created.secret()).orElseThrow().token().lastUsed()).isEqualTo(now.get());
        assertThat(store.tokens()).singleElement().satisfies(t -> assertThat(t.lastUsed()).isEqualTo(now.get()));

        // an owner demoted takes the token's power down with them
        NewToken operator = store.createToken("fay", "runner", Role.OPERATOR, "admin");
        store.update("fay", Role.VIEWER, null, "admin");
        assertThat(store.authenticateToken(operator.secret()).orElseThrow().role()).isEqualTo(Role.VIEWER);

        assertThat(store.revokeToken(created.token().id(), "admin")).isTrue();
        assertThat(store.revokeToken(created.token().id(), "admin")).isFalse();
        assertThat(store.authenticateToken(created.secret())).isEmpty();
        // a user's tokens go with them
        store.delete("fay", "admin");
        assertThat(store.authenticateToken(operator.secret())).isEmpty();
        assertThat(store.tokens()).isEmpty();
        assertThat(audit()).contains("admin token.create token " + created.token().id() + " name=nightly report user=fay role=viewer",
                "admin token.revoke token " + created.token().id() + " name=nightly report user=fay");
    }

    @Test
    void passwordsAreNeverStoredInClear() throws Exception {
        store.create("gus", Role.VIEWER, Set.of(), "PLAINTEXT-MARKER-1".toCharArray(), "admin");
        assertThat(column("SELECT password_hash FROM users")).singleElement().asString().startsWith("$argon2id$");
        assertThat(dump()).doesNotContain("PLAINTEXT-MARKER-1");
        store.close();
        store = null;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain("PLAINTEXT-MARKER")
                        .doesNotContain("$argon2id$");
            }
        }
    }

    @Test
    void theMigrationRunsAgainWithoutHarm() throws Exception {
        store.create("hal", Role.VIEWER, Set.of(), "survives migration".toCharArray(), "admin");
        store.close();
        store = null;
        try (Database db = HsqlDocumentStore.open(dir, vault, 1); Connection c = db.dataSource().getConnection();
             Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM schema_version WHERE version = 5");
        }
        reopen();
        assertThat(store.user("hal")).isPresent();
        assertThat(Migrations.scripts()).contains("V5__users_and_api_tokens.sql");
    }

    private void reopen() throws Exception {
        if (store != null) {
            store.close();
        }
        store = new HsqlDocumentStore(HsqlDocumentStore.open(dir, vault, 2), hasher, now::get);
    }

    private String hashOf(String user) throws Exception {
        return column("SELECT password_hash FROM users WHERE name = '" + user + "'").get(0);
    }

    /** The audit trail as "actor action target detail" lines. */
    private List<String> audit() throws Exception {
        return column("SELECT actor || ' ' || action || ' ' || COALESCE(target, 'null') || ' ' || COALESCE(detail, 'null') FROM audit ORDER BY id");
    }

    /** Every value of every row of the users, tokens and audit tables, as text. */
    private String dump() throws Exception {
        StringBuilder all = new StringBuilder();
        for (String table : List.of("users", "api_tokens", "audit")) {
            try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT * FROM " + table)) {
                while (r.next()) {
                    for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                        all.append(r.getString(i)).append('|');
                    }
                    all.append('\n');
                }
            }
        }
        return all.toString();
    }

    private List<String> column(String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                out.add(r.getString(1));
            }
        }
        return out;
    }
}

package dev.tributary.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Argon2id with OWASP's parameters, in the PHC format. */
class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void hashesWithArgon2idAtOwaspParametersAndASaltOfItsOwn() {
        char[] password = "correct horse battery".toCharArray();
        String a = hasher.hash(password);
        String b = hasher.hash(password);

        assertThat(a).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain("correct horse");
        assertThat(a.split("\\$")).hasSize(6);
        assertThat(a).as("a fresh salt each time").isNotEqualTo(b);
        assertThat(hasher.verify(password, a)).isTrue();
        assertThat(hasher.verify(password, b)).isTrue();
        assertThat(hasher.verify("correct horse battery!".toCharArray(), a)).isFalse();
        assertThat(hasher.verify("".toCharArray(), a)).isFalse();
        assertThat(hasher.outdated(a)).isFalse();
    }

    @Test
    void verifiesAKnownArgon2idVector() {
        // made by the reference implementation (libargon2 through argon2-cffi 25.1: low_level.hash_secret(b"password",
        // b"somesalt", time_cost=3, memory_cost=4096, parallelism=1, hash_len=32, type=ID))
        String reference = "$argon2id$v=19$m=4096,t=3,p=1$c29tZXNhbHQ$qLml5cbqFAO6YxVHhrSBHP0UWdxrIxkNcM8aMX3blzU";
        assertThat(hasher.verify("password".toCharArray(), reference)).isTrue();
        assertThat(hasher.verify("Password".toCharArray(), reference)).isFalse();
        assertThat(hasher.outdated(reference)).as("weaker than today's parameters: re-hashed at the next sign-in").isTrue();
    }

    @Test
    void anythingNotOurFormatNeverVerifies() {
        char[] p = "whatever it is".toCharArray();
        assertThat(hasher.verify(p, null)).isFalse();
        assertThat(hasher.verify(p, "")).isFalse();
        assertThat(hasher.verify(p, "whatever it is")).isFalse();
        assertThat(hasher.verify(p, "$2a$10$abcdefghijklmnopqrstuu")).isFalse();
        assertThat(hasher.verify(p, "$argon2id$v=19$m=99999999,t=2,p=1$c29tZXNhbHQ$qLml5cbqFAO6YxVHhrSBHP0UWdxrIxkNcM8aMX3blzU")).as("absurd cost").isFalse();
        assertThat(hasher.outdated("plain")).isTrue();
    }
}

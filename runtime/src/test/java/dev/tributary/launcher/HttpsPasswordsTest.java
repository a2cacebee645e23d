package dev.tributary.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpsPasswordsTest {

    @Test
    void withoutTheVariablesJettyReadsOnlyItsConfiguration() {
        assertThat(HttpsPasswords.frameworkProperties(Map.of())).isEmpty();
        assertThat(HttpsPasswords.frameworkProperties(Map.of(HttpsPasswords.KEYSTORE_VARIABLE, ""))).isEmpty();
    }

    @Test
    void theKeystorePasswordUnlocksTheKeyTooUnlessTheKeyHasItsOwn() {
        assertThat(HttpsPasswords.frameworkProperties(Map.of(HttpsPasswords.KEYSTORE_VARIABLE, "store pass")))
                .containsExactlyInAnyOrderEntriesOf(Map.of("org.apache.felix.https.keystore.password", "store pass",
                        "org.apache.felix.https.keystore.key.password", "store pass"));
        assertThat(HttpsPasswords.frameworkProperties(Map.of(HttpsPasswords.KEYSTORE_VARIABLE, "store pass", HttpsPasswords.KEY_VARIABLE, "key pass")))
                .containsEntry("org.apache.felix.https.keystore.password", "store pass")
                .containsEntry("org.apache.felix.https.keystore.key.password", "key pass");
    }
}

package dev.tributary.configfiles.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.ObjectClassDefinition;

class SettingsCheckTest {

    /** As the file-system connector declares them: root is required and has no default. */
    private static final ObjectClassDefinition FILE_SYSTEM = ocd("File system",
            ad("root", "Root folder", AttributeDefinition.STRING, null, null),
            ad("include", "Include", AttributeDefinition.STRING, new String[] {"**"}, null),
            ad("maxFileSize", "Maximum file size (bytes)", AttributeDefinition.LONG, new String[] {"52428800"}, null),
            ad("maxTextChars", "Maximum text per file (characters)", AttributeDefinition.INTEGER, new String[] {"1000000"}, "value is less than 1"),
            ad("schedule", "Schedule", AttributeDefinition.STRING, new String[] {"15m"}, null));

    @Test
    void goodValuesAndTheHostsOwnKeysPass() {
        assertThat(SettingsCheck.problems(FILE_SYSTEM, Map.of("root", "/srv", "schedule", "cron:0 3 * * *", "schedule.jitter", "0s",
                "http.readTimeout", "10s", "maxFileSize", "1000", "include", "**.md, **.pdf", "oauth.clientId", "app", "extractor.target", "(x=y)")))
                .isEmpty();
    }

    @Test
    void eachWrongKeyOrValueIsNamed() {
        List<String> problems = SettingsCheck.problems(FILE_SYSTEM, new java.util.TreeMap<>(Map.of("rooot", "/srv", "maxFileSize", "abc",
                "maxTextChars", "99999999999", "schedule", "whenever", "schedule.jitter", "soon")));
        assertThat(problems).containsExactly(
                "'maxFileSize' must be a whole number, not 'abc'",
                "'maxTextChars' must be a whole number up to 2147483647, not '99999999999'",
                "'rooot' is not a setting of File system (its settings: root, include, maxFileSize, maxTextChars, schedule)",
                "'schedule': 'whenever' is not a duration: write e.g. 30s, 15m, 2h, 1d, or cron:*/15 * * * *",
                "'schedule.jitter': 'soon' is not a duration: write e.g. 30s, 15m, 2h, 1d, or cron:*/15 * * * *",
                "'root' (Root folder) is required");
    }

    @Test
    void theMetatypesOwnLimitsAndEmptyRequiredValuesAreNamedAndHugeValuesShortened() {
        assertThat(SettingsCheck.problems(FILE_SYSTEM, Map.of("root", "", "maxTextChars", "0")))
                .containsExactlyInAnyOrder("'root' (Root folder) is empty", "'maxTextChars' = '0' is refused: value is less than 1");
        assertThat(SettingsCheck.problems(FILE_SYSTEM, Map.of("root", "/srv", "maxFileSize", "9".repeat(100_000))))
                .singleElement().asString().hasSizeLessThan(200).endsWith("… (100000 characters)'");
        assertThat(SettingsCheck.problems(FILE_SYSTEM, Map.of("root", "/srv", "k\u0000ey", "v")))
                .singleElement().asString().startsWith("'k\\u0000ey' is not a setting");
    }

    private static ObjectClassDefinition ocd(String name, AttributeDefinition... ads) {
        return (ObjectClassDefinition) Proxy.newProxyInstance(SettingsCheckTest.class.getClassLoader(), new Class<?>[] {ObjectClassDefinition.class},
                (p, m, args) -> switch (m.getName()) {
                    case "getName" -> name;
                    case "getAttributeDefinitions" -> ads; // every one is required, as @AttributeDefinition makes them by default
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    /** @param refusal what its validate answers for any value below 1 (as a Metatype min = "1" would) */
    private static AttributeDefinition ad(String id, String name, int type, String[] defaults, String refusal) {
        return (AttributeDefinition) Proxy.newProxyInstance(SettingsCheckTest.class.getClassLoader(), new Class<?>[] {AttributeDefinition.class},
                (p, m, args) -> switch (m.getName()) {
                    case "getID" -> id;
                    case "getName" -> name;
                    case "getType" -> type;
                    case "getDefaultValue" -> defaults;
                    case "getOptionValues" -> null;
                    case "validate" -> refusal != null && Long.parseLong((String) args[0]) < 1 ? refusal : refusal == null ? null : "";
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }
}

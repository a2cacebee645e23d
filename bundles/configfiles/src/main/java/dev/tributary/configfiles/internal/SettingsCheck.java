package dev.tributary.configfiles.internal;

import dev.tributary.api.schedule.Schedule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * The values of a connector instance's file checked against the connector's Metatype, as the REST
 * API checks the values the console sends: each key must be one of its settings (or one the host
 * reads for every instance: {@code schedule}, {@code schedule.jitter}, {@code instance}, {@code http.*},
 * {@code oauth.*}, a reference's {@code *.target}), each value of the setting's type, each required setting without a
 * default present. A file that fails is not applied, so a typo never replaces settings that work.
 */
final class SettingsCheck {

    /** Keys the sync engine reads for every instance, whatever its connector declares. */
    private static final Set<String> HOST_KEYS = Set.of("schedule", "schedule.jitter", "instance");
    /** The HTTP toolkit's settings ({@code http.readTimeout} …) and the OAuth settings of the API ({@code oauth.tokenEndpoint} …). */
    private static final List<String> HOST_PREFIXES = List.of("http.", "oauth.");
    /** Declarative Services reads {@code <reference>.target} filters from any component's configuration. */
    private static final String TARGET_SUFFIX = ".target";

    private SettingsCheck() {}

    /** What is wrong with {@code values}, one entry per key; empty when nothing is. */
    static List<String> problems(ObjectClassDefinition ocd, Map<String, String> values) {
        Map<String, AttributeDefinition> settings = new LinkedHashMap<>();
        AttributeDefinition[] all = ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
        for (AttributeDefinition ad : all == null ? new AttributeDefinition[0] : all) {
            settings.put(ad.getID(), ad);
        }
        List<String> problems = new ArrayList<>();
        values.forEach((key, value) -> {
            AttributeDefinition ad = settings.get(key);
            String wrong = ad != null ? wrongValue(ad, value) : isHostKey(key) ? wrongHostValue(key, value)
                    : "'" + Quoted.of(key) + "' is not a setting of " + ocd.getName() + " (its settings: " + String.join(", ", settings.keySet())
                            + ")";
            if (wrong != null) {
                problems.add(wrong);
            }
        });
        AttributeDefinition[] required = ocd.getAttributeDefinitions(ObjectClassDefinition.REQUIRED);
        for (AttributeDefinition ad : required == null ? new AttributeDefinition[0] : required) {
            boolean hasDefault = ad.getDefaultValue() != null && ad.getDefaultValue().length > 0;
            if (!hasDefault && ad.getType() != AttributeDefinition.PASSWORD && !values.containsKey(ad.getID())) {
                problems.add("'" + ad.getID() + "' (" + ad.getName() + ") is required");
            }
        }
        return problems;
    }

    private static boolean isHostKey(String key) {
        return HOST_KEYS.contains(key) || HOST_PREFIXES.stream().anyMatch(key::startsWith) || key.endsWith(TARGET_SUFFIX);
    }

    /** @return what is wrong with the value, or null */
    private static String wrongValue(AttributeDefinition ad, String value) {
        String id = ad.getID();
        if (value.isEmpty()) {
            boolean hasDefault = ad.getDefaultValue() != null && ad.getDefaultValue().length > 0;
            return hasDefault || ad.getType() == AttributeDefinition.PASSWORD ? null : "'" + id + "' (" + ad.getName() + ") is empty";
        }
        String[] options = ad.getOptionValues();
        if (options != null && options.length > 0 && !Arrays.asList(options).contains(value)) {
            return "'" + id + "' must be one of " + String.join(", ", options) + ", not '" + Quoted.of(value) + "'";
        }
        String type = switch (ad.getType()) {
            case AttributeDefinition.LONG -> parses(value, Long::valueOf) ? null : "a whole number";
            case AttributeDefinition.INTEGER, AttributeDefinition.SHORT, AttributeDefinition.BYTE ->
                    parses(value, Integer::valueOf) ? null : "a whole number up to 2147483647";
            case AttributeDefinition.DOUBLE, AttributeDefinition.FLOAT -> parses(value, Double::valueOf) ? null : "a number";
            case AttributeDefinition.BOOLEAN -> value.equals("true") || value.equals("false") ? null : "true or false";
            default -> null;
        };
        if (type != null) {
            return "'" + id + "' must be " + type + ", not '" + Quoted.of(value) + "'";
        }
        // the Metatype's own limits (min, max): "" when valid, null when it has none to check
        String refused = ad.validate(value);
        if (refused != null && !refused.isEmpty()) {
            return "'" + id + "' = '" + Quoted.of(value) + "' is refused: " + refused;
        }
        if (id.equals("schedule")) {
            return wrongHostValue(id, value);
        }
        return null;
    }

    /** The host's own keys that can be checked here; the {@code http.*} settings are checked when a run uses them. */
    private static String wrongHostValue(String key, String value) {
        try {
            if (key.equals("schedule")) {
                Schedule.parse(value, Duration.ZERO);
            } else if (key.equals("schedule.jitter")) {
                Schedule.duration(value);
            }
            return null;
        } catch (IllegalArgumentException e) {
            // the message quotes the value whole: shorten it there too
            return "'" + key + "': " + String.valueOf(e.getMessage()).replace(value.trim(), Quoted.of(value.trim()));
        }
    }

    private static boolean parses(String value, java.util.function.Function<String, Object> parser) {
        try {
            parser.apply(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}

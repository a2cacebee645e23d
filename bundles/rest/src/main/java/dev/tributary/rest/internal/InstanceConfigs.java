package dev.tributary.rest.internal;

import dev.tributary.api.connector.Connectors;
import java.io.IOException;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * Connector instances' settings as Configuration Admin factory configurations {@code <factory pid>~<instance>},
 * described and checked by the connector's Metatype. An instance made in the console lives in Configuration
 * Admin (under {@code data/}); one made from an {@code etc/} file stays the file's: the console shows it but
 * leaves changes to the file, so there is one source of truth per instance.
 *
 * <p>Metatype attributes of type {@code PASSWORD} are the instance's secrets: kept in the vault, never in
 * its configuration.
 */
final class InstanceConfigs {

    /** Where FileInstall notes the file a configuration comes from. */
    static final String FILE = "felix.fileinstall.filename";

    /** One setting of a connector type, as the console's form shows it. */
    record Field(String id, String name, String description, String type, boolean multiple, boolean required, List<String> defaults,
            List<Map<String, String>> options) {}

    /** A connector type that instances can be made of. */
    record Type(String factoryPid, String name, String description, String bundle, String version, List<Field> fields,
            List<Field> secrets) {}

    /** An instance's settings (never its secrets' values). */
    record View(String instance, String factoryPid, String file, Map<String, Object> values) {}

    /** A value the connector's Metatype refuses. */
    record Invalid(String field, String message) {}

    /** Values the connector's Metatype refuses, one message per field. */
    static final class InvalidValues extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient List<Invalid> errors;

        InvalidValues(List<Invalid> errors) {
            super(errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message()
                    : errors.size() + " settings are not valid");
            this.errors = List.copyOf(errors);
        }
    }

    private final BundleContext context;
    private final ConfigurationAdmin configAdmin;
    private final MetaTypeService metaType;

    InstanceConfigs(BundleContext context, ConfigurationAdmin configAdmin, MetaTypeService metaType) {
        this.context = context;
        this.configAdmin = configAdmin;
        this.metaType = metaType;
    }

    /** Every connector type of the bundles that register connectors. */
    List<Type> types() {
        List<Type> types = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (!Connectors.isConnectorBundle(b)) {
                continue;
            }
            MetaTypeInformation info;
            try {
                info = metaType.getMetaTypeInformation(b);
            } catch (IllegalArgumentException | IllegalStateException e) {
                continue; // uninstalled or being updated while we looked: its successor is listed next time
            }
            if (info == null) {
                continue;
            }
            for (String pid : info.getFactoryPids()) {
                ObjectClassDefinition ocd = info.getObjectClassDefinition(pid, null);
                if (ocd == null) {
                    continue;
                }
                List<Field> fields = new ArrayList<>();
                List<Field> secrets = new ArrayList<>();
                for (AttributeDefinition ad : attributes(ocd)) {
                    (ad.getType() == AttributeDefinition.PASSWORD ? secrets : fields).add(field(ad, required(ocd, ad)));
                }
                types.add(new Type(pid, ocd.getName(), ocd.getDescription(), b.getSymbolicName(), b.getVersion().toString(), fields, secrets));
            }
        }
        types.sort(java.util.Comparator.comparing(Type::name));
        return types;
    }

    Optional<Type> type(String factoryPid) {
        return types().stream().filter(t -> t.factoryPid().equals(factoryPid)).findFirst();
    }

    /** The settings of an instance, if it has a factory configuration. */
    Optional<View> view(String instance) {
        return configuration(instance).map(c -> {
            Map<String, Object> values = new TreeMap<>();
            Dictionary<String, Object> p = c.getProperties();
            for (Enumeration<String> keys = p.keys(); keys.hasMoreElements(); ) {
                String key = keys.nextElement();
                if (!key.startsWith("service.") && !key.startsWith("felix.") && !key.equals("component.name")) {
                    values.put(key, plain(p.get(key)));
                }
            }
            Object file = p.get(FILE);
            return new View(instance, c.getFactoryPid(), file == null ? null : fileName(file.toString()), values);
        });
    }

    /**
     * Creates or changes an instance's settings: each value (text, or a list of texts for a multi-valued
     * setting) is checked against the Metatype; settings not sent keep their value (or take their default).
     *
     * @param beforeWrite runs once the values are known to be valid, before they are stored
     * @return true when it was created
     * @throws InvalidValues         naming each refused field
     * @throws IllegalStateException when the instance comes from a file of etc/, or is of another type
     */
    boolean save(String instance, String factoryPid, Map<String, Object> sent, Runnable beforeWrite) throws IOException {
        Optional<Configuration> existing = configuration(instance);
        if (existing.isPresent()) {
            Configuration c = existing.get();
            if (c.getProperties().get(FILE) != null) {
                throw new IllegalStateException("instance '" + instance + "' is defined by " + fileName(c.getProperties().get(FILE).toString())
                        + ": change that file (the console does not edit instances made from files)");
            }
            if (factoryPid != null && !factoryPid.equals(c.getFactoryPid())) {
                throw new IllegalStateException("instance '" + instance + "' is of type " + c.getFactoryPid() + ", not " + factoryPid
                        + ": delete it first to make it again as another type");
            }
            factoryPid = c.getFactoryPid();
        } else if (factoryPid == null || factoryPid.isBlank()) {
            throw new IllegalArgumentException("say which connector type the new instance is of: 'factoryPid' (GET /api/v1/connectors lists them)");
        }
        String pid = factoryPid;
        Type type = type(pid).orElseThrow(() -> new IllegalArgumentException("no deployed connector has the type '" + pid
                + "' (GET /api/v1/connectors lists them)"));
        Hashtable<String, Object> properties = new Hashtable<>();
        existing.ifPresent(c -> {
            Dictionary<String, Object> old = c.getProperties();
            for (Enumeration<String> keys = old.keys(); keys.hasMoreElements(); ) {
                String key = keys.nextElement();
                properties.put(key, old.get(key));
            }
        });
        properties.putAll(checked(type, sent, existing.isEmpty(), properties));
        beforeWrite.run();
        Configuration c = configAdmin.getFactoryConfiguration(pid, instance, "?");
        c.update(properties);
        return existing.isEmpty();
    }

    /**
     * Deletes an instance's configuration (the sync engine then purges its documents and secrets).
     *
     * @return false when there is none
     */
    boolean delete(String instance) throws IOException {
        Optional<Configuration> c = configuration(instance);
        if (c.isEmpty()) {
            return false;
        }
        Object file = c.get().getProperties().get(FILE);
        if (file != null) {
            throw new IllegalStateException("instance '" + instance + "' is defined by " + fileName(file.toString())
                    + ": delete that file to delete the instance");
        }
        c.get().delete();
        return true;
    }

    /** The typed values to store, or every refusal at once. */
    private static Map<String, Object> checked(Type type, Map<String, Object> sent, boolean creating, Map<String, Object> current) {
        List<Invalid> errors = new ArrayList<>();
        Map<String, Object> typed = new LinkedHashMap<>();
        Map<String, Field> fields = new LinkedHashMap<>();
        type.fields().forEach(f -> fields.put(f.id(), f));
        for (String id : sent.keySet()) {
            if (!fields.containsKey(id)) {
                errors.add(new Invalid(id, type.secrets().stream().anyMatch(s -> s.id().equals(id))
                        ? "a secret: send it in 'secrets', it is kept in the vault" : "not a setting of " + type.name()));
            }
        }
        for (Field f : fields.values()) {
            List<String> values = texts(sent.get(f.id()));
            if (values == null) {
                if (creating && f.required() && f.defaults() == null) {
                    errors.add(new Invalid(f.id(), f.name() + " is required"));
                }
                continue;
            }
            values.removeIf(String::isBlank);
            if (values.isEmpty()) {
                if (f.required()) {
                    errors.add(new Invalid(f.id(), f.name() + " is required"));
                } else {
                    current.remove(f.id());
                }
                continue;
            }
            if (!f.multiple() && values.size() > 1) {
                errors.add(new Invalid(f.id(), f.name() + " takes one value"));
                continue;
            }
            List<Object> converted = new ArrayList<>();
            for (String v : values) {
                try {
                    converted.add(convert(f, v.trim()));
                } catch (IllegalArgumentException e) {
                    errors.add(new Invalid(f.id(), e.getMessage()));
                }
            }
            if (converted.size() == values.size()) {
                typed.put(f.id(), f.multiple() ? toArray(f, converted) : converted.get(0));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidValues(errors);
        }
        return typed;
    }

    private static Object convert(Field f, String v) {
        if (!f.options().isEmpty() && f.options().stream().noneMatch(o -> o.get("value").equals(v))) {
            throw new IllegalArgumentException(f.name() + " must be one of " + String.join(", ",
                    f.options().stream().map(o -> o.get("value")).toList()) + ", not '" + v + "'");
        }
        try {
            return switch (f.type()) {
                case "long" -> Long.valueOf(v);
                case "integer" -> Integer.valueOf(v);
                case "double" -> Double.valueOf(v);
                case "boolean" -> {
                    if (!v.equals("true") && !v.equals("false")) {
                        throw new IllegalArgumentException(f.name() + " must be true or false, not '" + v + "'");
                    }
                    yield Boolean.valueOf(v);
                }
                default -> v;
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(f.name() + " must be " + (f.type().equals("double") ? "a number" : "a whole number")
                    + (f.type().equals("integer") ? " up to 2147483647" : "") + ", not '" + v + "'");
        }
    }

    private static Object toArray(Field f, List<Object> values) {
        Class<?> component = switch (f.type()) {
            case "long" -> Long.class;
            case "integer" -> Integer.class;
            case "double" -> Double.class;
            case "boolean" -> Boolean.class;
            default -> String.class;
        };
        Object array = Array.newInstance(component, values.size());
        for (int i = 0; i < values.size(); i++) {
            Array.set(array, i, values.get(i));
        }
        return array;
    }

    /** A sent value as texts, or null when not sent. */
    private static List<String> texts(Object v) {
        if (v == null) {
            return null;
        }
        List<String> texts = new ArrayList<>();
        if (v instanceof List<?> list) {
            list.forEach(e -> texts.add(e == null ? "" : String.valueOf(e)));
        } else if (v instanceof Map<?, ?>) {
            throw new IllegalArgumentException("a setting's value must be text or a list of texts");
        } else {
            texts.add(String.valueOf(v));
        }
        return texts;
    }

    private Optional<Configuration> configuration(String instance) {
        try {
            Configuration[] found = configAdmin.listConfigurations("(" + org.osgi.framework.Constants.SERVICE_PID + "=*~"
                    + instance.replace("\\", "\\\\").replace("*", "\\*").replace("(", "\\(").replace(")", "\\)") + ")");
            if (found == null) {
                return Optional.empty();
            }
            for (Configuration c : found) {
                if (c.getFactoryPid() != null && c.getPid().endsWith("~" + instance)) {
                    return Optional.of(c);
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Configuration Admin cannot list configurations: " + e.getMessage(), e);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("instance name '" + instance + "' cannot be looked up: " + e.getMessage(), e);
        }
    }

    private static List<AttributeDefinition> attributes(ObjectClassDefinition ocd) {
        AttributeDefinition[] all = ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
        return all == null ? List.of() : List.of(all);
    }

    private static boolean required(ObjectClassDefinition ocd, AttributeDefinition ad) {
        AttributeDefinition[] required = ocd.getAttributeDefinitions(ObjectClassDefinition.REQUIRED);
        return required != null && java.util.Arrays.stream(required).anyMatch(r -> r.getID().equals(ad.getID()));
    }

    private static Field field(AttributeDefinition ad, boolean required) {
        String type = switch (ad.getType()) {
            case AttributeDefinition.LONG -> "long";
            case AttributeDefinition.INTEGER, AttributeDefinition.SHORT, AttributeDefinition.BYTE -> "integer";
            case AttributeDefinition.DOUBLE, AttributeDefinition.FLOAT -> "double";
            case AttributeDefinition.BOOLEAN -> "boolean";
            case AttributeDefinition.PASSWORD -> "secret";
            default -> "string";
        };
        List<Map<String, String>> options = new ArrayList<>();
        String[] values = ad.getOptionValues();
        String[] labels = ad.getOptionLabels();
        for (int i = 0; values != null && i < values.length; i++) {
            options.add(Map.of("value", values[i], "label", labels != null && i < labels.length ? labels[i] : values[i]));
        }
        String[] defaults = ad.getDefaultValue();
        return new Field(ad.getID(), ad.getName(), ad.getDescription(), type, ad.getCardinality() != 0, required,
                defaults == null ? null : List.of(defaults), options);
    }

    /** A configuration value as JSON shows it: arrays as lists. */
    private static Object plain(Object v) {
        if (v != null && v.getClass().isArray()) {
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < Array.getLength(v); i++) {
                list.add(Array.get(v, i));
            }
            return list;
        }
        return v instanceof java.util.Collection<?> c ? List.copyOf(c) : v;
    }

    /** {@code etc/<name>} from FileInstall's file URI. */
    private static String fileName(String uri) {
        int slash = uri.lastIndexOf('/');
        return "etc/" + (slash < 0 ? uri : uri.substring(slash + 1));
    }
}

package dev.tributary.configfiles.internal;

import dev.tributary.api.connector.Connectors;
import java.util.Optional;

/**
 * The name of a file {@code <factory pid>~<name>.cfg}: one named factory configuration, PID
 * {@code <factory pid>~<name>}. The factory PID is the part before the first {@code ~}; the name
 * is the rest, an instance name as the REST API takes it ({@link Connectors#INSTANCE_NAME}).
 */
record FactoryFileName(String factoryPid, String name) {

    static final String SUFFIX = ".cfg";
    static final char SEPARATOR = '~';

    /** Whether this bundle handles the file: a {@code .cfg} whose base name holds a {@code ~}. */
    static boolean isTildeForm(String fileName) {
        return fileName.endsWith(SUFFIX) && base(fileName).indexOf(SEPARATOR) >= 0;
    }

    /** A name no configuration should come from: FileInstall would make a PID with a line break of it. */
    static boolean hasControlCharacter(String fileName) {
        return fileName.chars().anyMatch(Character::isISOControl);
    }

    /**
     * @throws IllegalArgumentException saying what is wrong with the name, when it is not
     *         {@code <factory pid>~<name>.cfg} with both parts non-empty
     */
    static FactoryFileName parse(String fileName) {
        if (hasControlCharacter(fileName)) {
            throw new IllegalArgumentException("the name holds a control character (a line break?)");
        }
        if (!isTildeForm(fileName)) {
            throw new IllegalArgumentException("the name is not <factory pid>~<name>.cfg");
        }
        String base = base(fileName);
        int at = base.indexOf(SEPARATOR);
        String factoryPid = base.substring(0, at);
        String name = base.substring(at + 1);
        if (factoryPid.isBlank()) {
            throw new IllegalArgumentException("the part before '~' (the connector's or component's PID) is empty");
        }
        if (name.isBlank()) {
            throw new IllegalArgumentException("the part after '~' (the instance name) is empty");
        }
        if (!Connectors.INSTANCE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("the part after '~' ('" + Quoted.of(name) + "', the instance name) must be "
                    + Connectors.INSTANCE_NAME_RULE + ": it is the instance's id in URLs, commands and logs");
        }
        return new FactoryFileName(factoryPid, name);
    }

    /** The PID of the configuration, as Configuration Admin names a named factory configuration. */
    String pid() {
        return factoryPid + SEPARATOR + name;
    }

    /**
     * The file name FileInstall would read as the same configuration, {@code <factory pid>-<name>.cfg}.
     * Empty when the factory PID holds a {@code -}: FileInstall splits at the first {@code -}, so
     * no such file names this configuration.
     */
    Optional<String> dashFileName() {
        return factoryPid.indexOf('-') >= 0 ? Optional.empty() : Optional.of(factoryPid + '-' + name + SUFFIX);
    }

    /** This file's own name. */
    String fileName() {
        return pid() + SUFFIX;
    }

    private static String base(String fileName) {
        return fileName.substring(0, fileName.length() - SUFFIX.length());
    }
}

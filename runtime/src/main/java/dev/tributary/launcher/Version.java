package dev.tributary.launcher;

/** The distribution's version, from the launcher jar's manifest. */
final class Version {
    private Version() {}

    static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }
}

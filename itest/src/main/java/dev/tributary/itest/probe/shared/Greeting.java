package dev.tributary.itest.probe.shared;

/** Exported by the probe bundle so that another deployed bundle can depend on it. */
public final class Greeting {
    private Greeting() {}

    public static String of(String name) {
        return "hello " + name;
    }
}

package dev.tributary.extract.internal;

/** Sets the thread context class loader for a try-with-resources block, and puts the old one back. */
final class ContextClassLoader implements AutoCloseable {

    private final Thread thread;
    private final ClassLoader previous;

    private ContextClassLoader(Thread thread, ClassLoader previous) {
        this.thread = thread;
        this.previous = previous;
    }

    static ContextClassLoader set(ClassLoader loader) {
        Thread thread = Thread.currentThread();
        ContextClassLoader restore = new ContextClassLoader(thread, thread.getContextClassLoader());
        thread.setContextClassLoader(loader);
        return restore;
    }

    @Override
    public void close() {
        thread.setContextClassLoader(previous);
    }
}

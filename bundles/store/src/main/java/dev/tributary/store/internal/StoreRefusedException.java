package dev.tributary.store.internal;

/**
 * The store was not opened because it cannot be trusted (damaged files, a key that is not its own);
 * its message says what is wrong and what to do. Nothing in the store was changed.
 */
final class StoreRefusedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    StoreRefusedException(String message) {
        super(message);
    }
}

package dev.tributary.store.internal;

/** A failure of the store's database, with the database's own message. */
final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StoreException(String message, Throwable cause) {
        super("store: " + message, cause);
    }
}

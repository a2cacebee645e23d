package dev.tributary.testkit.github;

/** Thrown by an endpoint to answer early (404, 410, 301, 403, 422) from deep inside a lookup. */
final class Answer extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient Reply reply;

    Answer(Reply reply) {
        super(null, null, false, false);
        this.reply = reply;
    }
}

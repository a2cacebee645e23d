package dev.tributary.http.internal;

import dev.tributary.api.http.Request;
import dev.tributary.api.http.Response;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPInputStream;

/**
 * One request and its whole response over the JDK's HTTP client. The read timeout bounds the wait
 * for the response to start and then every gap between two parts of the body, so a body that
 * trickles slower than that fails instead of holding the run.
 */
final class Exchange {

    /** Headers the JDK client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("host", "connection", "content-length", "expect", "upgrade");

    private Exchange() {}

    static Response send(HttpClient client, Request request, Duration readTimeout) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(request.uri()).timeout(readTimeout);
        request.headers().forEach((name, values) -> {
            if (!RESTRICTED.contains(name)) {
                values.forEach(v -> b.header(name, v));
            }
        });
        if (!request.headers().containsKey("accept-encoding")) {
            b.header("Accept-Encoding", "gzip");
        }
        byte[] body = request.body();
        b.method(request.method(), body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        Collector collector = new Collector();
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(b.build(), info -> collector);
        try {
            HttpResponse<byte[]> r = await(future, collector, readTimeout);
            byte[] bytes = r.body();
            if (r.headers().firstValue("Content-Encoding").filter("gzip"::equalsIgnoreCase).isPresent() && bytes.length > 0) {
                try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                    bytes = in.readAllBytes();
                }
            }
            return new Response(r.statusCode(), request.uri(), r.headers().map(), bytes);
        } finally {
            future.cancel(true);
        }
    }

    /** Waits for the response while parts of it keep arriving within {@code readTimeout} of each other. */
    private static HttpResponse<byte[]> await(CompletableFuture<HttpResponse<byte[]>> future, Collector collector, Duration readTimeout)
            throws IOException, InterruptedException {
        long gap = readTimeout.toNanos();
        while (true) {
            long seen = collector.lastProgress;
            try {
                return future.get(Math.max(1, gap - (System.nanoTime() - seen)), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                if (System.nanoTime() - collector.lastProgress >= gap) {
                    throw new HttpTimeoutException("no data for " + readTimeout.toMillis() + " ms (read timeout)");
                }
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                throw new IOException(e.getCause());
            }
        }
    }

    /** Gathers the body and notes when each part arrived. */
    private static final class Collector implements HttpResponse.BodySubscriber<byte[]> {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private volatile long lastProgress = System.nanoTime();

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            lastProgress = System.nanoTime();
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            lastProgress = System.nanoTime();
            for (ByteBuffer item : items) {
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                out.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(out.toByteArray());
        }
    }
}

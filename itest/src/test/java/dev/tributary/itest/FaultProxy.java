package dev.tributary.itest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * WireMock on 127.0.0.1 in front of a fake source: every request is passed on to the source, and its
 * answer, with the source's own address replaced by the proxy's (in bodies and in Link paging headers,
 * so later pages come through the proxy too), goes through a {@link Fault} that may change it.
 */
final class FaultProxy implements AutoCloseable {

    /** What the client gets instead of the source's answer. */
    interface Fault {
        /**
         * @param request what the client asked
         * @param answer  the source's answer, addresses rewritten, without framing headers (Content-Length …)
         */
        Response apply(Request request, Response answer);
    }

    /** Passes every answer on unchanged. */
    static final Fault NONE = (request, answer) -> answer;

    private final String sourceBase;
    private final WireMockServer server;
    private volatile Fault fault;

    private FaultProxy(URI source, Fault fault) {
        this.sourceBase = source.toString().replaceAll("/$", "");
        this.fault = fault;
        this.server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort().extensions(new Transformer()));
    }

    /** A proxy to {@code source} (e.g. the fake's API URL) with {@code fault} in between. */
    static FaultProxy start(URI source, Fault fault) {
        FaultProxy proxy = new FaultProxy(source, fault);
        proxy.server.start();
        proxy.server.stubFor(any(anyUrl()).willReturn(aResponse().proxiedFrom(proxy.sourceBase)));
        return proxy;
    }

    /** http://127.0.0.1:port, without a final slash. */
    String base() {
        return "http://127.0.0.1:" + server.port();
    }

    /** The proxy's address with a final slash, as a connector's base URL. */
    URI url() {
        return URI.create(base() + "/");
    }

    /** From now on, answers go through {@code next}. */
    void fault(Fault next) {
        this.fault = next;
    }

    @Override
    public void close() {
        server.stop();
    }

    private final class Transformer implements ResponseTransformerV2 {
        @Override
        public String getName() {
            return "fault-proxy";
        }

        @Override
        public Response transform(Response response, ServeEvent event) {
            Response rewritten = Response.Builder.like(response).but().headers(rewritten(response.getHeaders()))
                    .body(response.getBodyAsString().replace(sourceBase, base())).build();
            return fault.apply(event.getRequest(), rewritten);
        }

        /** The source's address in headers becomes the proxy's; framing headers go (WireMock frames the body it sends). */
        private HttpHeaders rewritten(HttpHeaders headers) {
            List<HttpHeader> out = new ArrayList<>();
            for (HttpHeader h : headers.all()) {
                if (h.keyEquals("Content-Length") || h.keyEquals("Transfer-Encoding") || h.keyEquals("Content-Encoding")) {
                    continue;
                }
                out.add(new HttpHeader(h.key(), h.values().stream().map(v -> v.replace(sourceBase, base())).toList()));
            }
            return new HttpHeaders(out);
        }
    }
}

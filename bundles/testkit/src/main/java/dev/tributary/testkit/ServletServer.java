package dev.tributary.testkit;

import jakarta.servlet.Servlet;
import java.net.URI;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * One servlet over real HTTP, in the Jetty that Felix HTTP runs (Jetty 12, EE10), on 127.0.0.1 and a
 * free port: for tests of the host's servlets. A module that uses it puts
 * {@code org.eclipse.jetty.ee10:jetty-ee10-servlet} on its test class path.
 *
 * @since 1.2
 */
public final class ServletServer implements AutoCloseable {

    private final Server server;
    private final URI base;

    private ServletServer(Server server, URI base) {
        this.server = server;
        this.base = base;
    }

    /**
     * @param pathSpec where it answers, as in {@code web.xml}: {@code /metrics}, {@code /hooks/*}
     */
    public static ServletServer start(String pathSpec, Servlet servlet) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(servlet), pathSpec);
        server.setHandler(context);
        server.start();
        return new ServletServer(server, URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/"));
    }

    /** {@code http://127.0.0.1:<port>/} */
    public URI base() {
        return base;
    }

    /** @param path from the root, e.g. {@code /hooks/gh} */
    public URI uri(String path) {
        return base.resolve(path);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}

package dev.swarm.node.server;

import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.identity.AdminToken;
import io.javalin.Javalin;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The local API for tools on this host: a separate listener, bound to a loopback address only and
 * never part of the public server, every route behind the bearer token in {@code admin.token}. A
 * missing or wrong token is 401 with the protocol's error body.
 */
public final class LocalApi implements AutoCloseable {
    private final Javalin app;
    private final String host;
    private final int port;

    public LocalApi(String host, int port, AdminToken token, LocalApiController controller) {
        if (!"127.0.0.1".equals(host) && !"::1".equals(host) && !"localhost".equals(host)) {
            throw SwarmException.invalidArgument("api_listen must be a loopback address (127.0.0.1 or ::1), not " + host);
        }
        this.host = host;
        this.port = port;
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.http.prefer405over404 = true;
            cfg.http.maxRequestSize = 65_536;
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            cfg.jetty.addConnector(this::connector);
            cfg.routes.before("/api/*", ctx -> {
                String header = ctx.header("Authorization");
                String presented = header != null && header.startsWith("Bearer ") ? header.substring(7).strip() : null;
                if (!token.matches(presented)) {
                    throw new SwarmException(ErrorCode.UNAUTHENTICATED, presented == null
                            ? "the local API needs 'Authorization: Bearer <token>' (the token is in admin.token)"
                            : "wrong bearer token for the local API");
                }
            });
            controller.register(cfg.routes);
            ErrorResponses.register(cfg.routes);
        });
    }

    public LocalApi start() {
        ErrorResponses.start(app, host + ":" + port + " for the local API");
        return this;
    }

    public int port() {
        for (Connector connector : app.jettyServer().server().getConnectors()) {
            if (connector instanceof ServerConnector server) {
                return server.getLocalPort();
            }
        }
        return -1;
    }

    /** The base URL tools call: {@code http://127.0.0.1:PORT/api}. */
    public String url() {
        String printable = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + printable + ":" + port() + "/api";
    }

    private Connector connector(Server server, HttpConfiguration base) {
        HttpConfiguration http = new HttpConfiguration(base);
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }

    @Override
    public void close() {
        app.stop();
    }
}

package dev.swarm.node.server;

import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.identity.AdminToken;
import dev.swarm.node.hook.HookInput;
import io.javalin.Javalin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local API for tools on this host: a separate listener, bound to a loopback address only and
 * never part of the public server, every route behind the bearer token in {@code admin.token}. A
 * missing or wrong token is 401 with the protocol's error body.
 */
public final class LocalApi implements AutoCloseable {
    private final Javalin app;
    private final String host;
    private final int port;

    /** The longest socket path Linux takes ({@code sun_path} is 108 bytes, with its terminating zero). */
    static final int MAX_SOCKET_PATH = 107;
    private static final Logger LOG = LoggerFactory.getLogger(LocalApi.class);

    private final Path socket;

    public LocalApi(String host, int port, AdminToken token, LocalApiController controller) {
        this(host, port, null, token, controller);
    }

    /**
     * With {@code socket}, the same routes also listen on that Unix socket (hooks call it with curl:
     * no port to find and nothing another user could bind after the daemon stopped). A path too long
     * for a socket is skipped with a warning; the TCP listener still serves.
     */
    public LocalApi(String host, int port, Path socket, AdminToken token, LocalApiController controller) {
        this(host, port, socket, token, controller, java.util.List.of());
    }

    /**
     * As above, with {@code extra} routes beside {@code /api} (the dashboard, {@code /metrics}). Every
     * route, extra or not, is refused unless the request's {@code Host} is a loopback name.
     */
    public LocalApi(String host, int port, Path socket, AdminToken token, LocalApiController controller,
                    java.util.List<LocalRoutes> extra) {
        if (!"127.0.0.1".equals(host) && !"::1".equals(host) && !"localhost".equals(host)) {
            throw SwarmException.invalidArgument("api_listen must be a loopback address (127.0.0.1 or ::1), not " + host);
        }
        this.host = host;
        this.port = port;
        this.socket = usable(socket);
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.http.prefer405over404 = true;
            cfg.http.maxRequestSize = HookInput.MAX_BYTES;
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            cfg.jetty.addConnector(this::connector);
            if (this.socket != null) {
                cfg.jetty.addConnector(this::socketConnector);
            }
            cfg.routes.before(ctx -> {
                if (!LoopbackHost.allowed(ctx.header("Host"))) {
                    throw new SwarmException(ErrorCode.NOT_AUTHORIZED, "the local API answers only requests for"
                            + " localhost, 127.0.0.1 or [::1] (this one named another host)");
                }
            });
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
            extra.forEach(routes -> routes.register(cfg.routes));
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

    private Connector socketConnector(Server server, HttpConfiguration base) {
        HttpConfiguration http = new HttpConfiguration(base);
        http.setSendServerVersion(false);
        UnixDomainServerConnector connector = new UnixDomainServerConnector(server, new HttpConnectionFactory(http));
        connector.setUnixDomainPath(socket);
        return connector;
    }

    /** The socket's path, or null when there is none to listen on. */
    public Path socket() {
        return socket;
    }

    private static Path usable(Path socket) {
        if (socket == null) {
            return null;
        }
        if (socket.toAbsolutePath().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                > MAX_SOCKET_PATH) {
            LOG.warn("no local API socket: {} is longer than a Unix socket path may be; hooks cannot reach"
                    + " this daemon (use a shorter SWARM_HOME)", socket);
            return null;
        }
        try {
            // a socket left behind by a daemon that was killed: nobody listens on it any more (we hold serve.lock)
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.warn("cannot remove the old local API socket {}: {}", socket, e.toString());
            return null;
        }
        return socket;
    }

    @Override
    public void close() {
        app.stop();
        if (socket != null) {
            try {
                Files.deleteIfExists(socket);
            } catch (IOException e) {
                // a stale socket is removed at the next start
            }
        }
    }
}

package dev.swarm.node.server;

import dev.swarm.node.identity.Identity;
import dev.swarm.node.membership.JoinHandler;
import dev.swarm.node.messaging.MessageReceiver;
import dev.swarm.node.tls.PemFiles;
import io.javalin.Javalin;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.HTTP2Cipher;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The node's public HTTP server: Javalin on Jetty with exactly the four protocol routes. Over TLS it
 * offers HTTP/2 by ALPN with an HTTP/1.1 fallback (older peers); without TLS it offers HTTP/1.1 and
 * h2c, for a TLS reverse proxy in front. Every error, down to Jetty's own, has the protocol's body.
 */
public final class NodeServer implements AutoCloseable {
    /** HTTP/2 streams a client may have open on one connection (Jetty's default; more are refused). */
    private static final int MAX_CONCURRENT_STREAMS = 128;
    /**
     * TLS sessions kept for resumption, and for how long. A node's peers are a swarm's members (tens),
     * which keep their connections open; what fills a larger cache is strangers' handshakes.
     */
    static final int TLS_SESSION_CACHE_SIZE = 1024;
    static final int TLS_SESSION_TIMEOUT_SECONDS = 3600;
    /** A connection with nothing happening for this long is closed (slowloris before or inside TLS). */
    private static final long IDLE_TIMEOUT_MS = 30_000;
    private static final long STOP_TIMEOUT_MS = 10_000;
    /**
     * The buffer Javalin copies each response through, allocated per response: its default (32 KiB,
     * Jetty's output buffer) is garbage for every answer, the node's answers are a few hundred bytes,
     * and a longer one is copied in several passes.
     */
    static final int RESPONSE_COPY_BUFFER = 4096;

    private final Javalin app;
    private final ServerConfig config;
    private final ScheduledExecutorService deadlines;

    /**
     * {@code members} tells whether a source address is a member's own ({@code MemberAddresses}):
     * such requests are not held to the node's overall caps on unauthenticated work. {@code traffic}
     * counts each route's answers and refusals, and {@code probes} answers members' reachability
     * probes ({@code POST /swarm/probe}, docs/protocol.md).
     */
    public NodeServer(ServerConfig config, Identity identity, List<String> capabilities, MessageReceiver receiver,
                      JoinHandler joins, Predicate<String> members, Clock clock, TrafficCounter.Routes traffic,
                      ProbeHandler probes) {
        this.config = config;
        long maxBody = config.limits().maxBodyBytes();
        this.deadlines = bodyDeadlines();
        Ingress ingress = new Ingress(config.ingress(), members);
        Admission admission = admission(config, ingress, deadlines);
        ConnectionGate gate = new ConnectionGate(ingress::admitsConnection);
        MessageController messages = new MessageController(receiver, admission.counting(traffic.route("message")));
        JoinController joinController = new JoinController(joins, admission.counting(traffic.route("join")));
        ProbeController probeController = new ProbeController(probes, admission.counting(traffic.route("probe")));
        InfoController info = new InfoController(identity, capabilities, clock);
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.http.prefer405over404 = true;
            cfg.http.maxRequestSize = maxBody;
            cfg.http.responseBufferSize = RESPONSE_COPY_BUFFER;
            cfg.jetty.modifyServer(server -> {
                server.setErrorHandler(new JsonErrorHandler());
                server.setStopTimeout(STOP_TIMEOUT_MS);
            });
            cfg.jetty.addConnector((server, base) -> connector(server, base, config, gate));
            Routes.register(cfg.routes, messages, joinController, info, probeController);
            ErrorResponses.register(cfg.routes);
        });
    }

    /** The one thread that ends body reads at their deadline (it only completes futures). */
    static ScheduledExecutorService bodyDeadlines() {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "swarm-body-deadlines");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The admission of unauthenticated requests with {@code config}'s limits. */
    static Admission admission(ServerConfig config, Predicate<String> members, ScheduledExecutorService deadlines) {
        return admission(config, new Ingress(config.ingress(), members), deadlines);
    }

    private static Admission admission(ServerConfig config, Ingress ingress, ScheduledExecutorService deadlines) {
        return new Admission(ingress, new BodyReader(deadlines), config.limits().maxBodyBytes(),
                config.ingress().bodyTimeout());
    }

    public NodeServer start() {
        ErrorResponses.start(app, config.host() + ":" + config.port());
        return this;
    }

    /** The port actually bound (useful when configured as 0). */
    public int port() {
        for (Connector connector : app.jettyServer().server().getConnectors()) {
            if (connector instanceof ServerConnector server) {
                return server.getLocalPort();
            }
        }
        return -1;
    }

    public boolean isTls() {
        return config.tls();
    }

    /**
     * The node's connector: TLS with ALPN choosing HTTP/2 (HTTP/1.1 fallback), or HTTP/1.1 and h2c
     * without TLS. Shared with the benchmark's empty-handler server so both measure the same stack.
     */
    static Connector connector(Server server, HttpConfiguration base, ServerConfig config) {
        return connector(server, base, config, null);
    }

    /** The same, told of every connection that opens ({@code gate}, or none when null). */
    static Connector connector(Server server, HttpConfiguration base, ServerConfig config, Connection.Listener gate) {
        HttpConfiguration http = new HttpConfiguration(base);
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector;
        if (config.tls()) {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStore(PemFiles.keyStore(config.tlsCert(), config.tlsKey()));
            ssl.setKeyStorePassword("");
            ssl.setCipherComparator(HTTP2Cipher.COMPARATOR);
            ssl.setUseCipherSuitesOrder(true);
            // the JDK keeps 20,480 sessions for a day by default, a few KiB each: a stranger's handshakes
            // would fill the heap with them (about 80 MiB under the heap attack)
            ssl.setSslSessionCacheSize(TLS_SESSION_CACHE_SIZE);
            ssl.setSslSessionTimeout(TLS_SESSION_TIMEOUT_SECONDS);
            http.addCustomizer(new SecureRequestCustomizer());
            HttpConnectionFactory http11 = new HttpConnectionFactory(http);
            HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(http);
            h2.setMaxConcurrentStreams(MAX_CONCURRENT_STREAMS);
            ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory();
            alpn.setDefaultProtocol(http11.getProtocol());
            SslConnectionFactory tls = new SslConnectionFactory(ssl, alpn.getProtocol());
            connector = new ServerConnector(server, tls, alpn, h2, http11);
        } else {
            HTTP2CServerConnectionFactory h2c = new HTTP2CServerConnectionFactory(http);
            h2c.setMaxConcurrentStreams(MAX_CONCURRENT_STREAMS);
            connector = new ServerConnector(server, new HttpConnectionFactory(http), h2c);
        }
        connector.setHost(config.host());
        connector.setPort(config.port());
        connector.setIdleTimeout(IDLE_TIMEOUT_MS);
        if (gate != null) {
            connector.addEventListener(gate);
        }
        return connector;
    }

    /** Stops accepting requests and lets the ones in flight finish (up to ten seconds). */
    @Override
    public void close() {
        app.stop();
        deadlines.shutdownNow();
    }
}

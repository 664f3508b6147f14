package dev.swarm.cli;

import dev.swarm.node.SwarmNode;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.github.GitHubConfig;
import dev.swarm.node.messaging.ReceiveLimits;
import dev.swarm.node.server.NodeServer;
import dev.swarm.node.server.ServerConfig;
import dev.swarm.node.server.ServerWarmup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", description = "Run the node: receive messages and joins until stopped (SIGTERM or Ctrl-C).")
final class ServeCommand implements Callable<Integer> {
    static final int DEFAULT_PORT = 9443;

    private final CliContext context;

    @Mixin
    JsonOption output;

    @Mixin
    ClientOptions client;

    @Mixin
    WakeOptions wake;

    @Mixin
    GitHubOptions github;

    @Mixin
    CoordinationOptions coordination;

    @Option(names = "--api-listen", paramLabel = "HOST:PORT",
            description = "Loopback address of the local API (default 127.0.0.1 on a free port, written to serve.lock).")
    String apiListen;

    @Option(names = "--listen", paramLabel = "HOST:PORT",
            description = "Address to listen on. Default 0.0.0.0:9443 with TLS, 127.0.0.1:9443 without.")
    String listen;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "Certificate chain for HTTPS (with --tls-key).")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "Private key (PKCS#8 PEM) for --tls-cert.")
    Path tlsKey;

    @Option(names = "--max-body-bytes", paramLabel = "BYTES", description = "Largest request body accepted.")
    long maxBodyBytes;

    @Option(names = "--max-content-chars", paramLabel = "N", description = "Largest message content accepted.")
    int maxContentChars;

    @Option(names = "--clock-skew", paramLabel = "SECONDS", description = "Allowed difference of message timestamps.")
    long clockSkew;

    @Mixin
    IngressOptions ingress;

    ServeCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        ServerConfig config = serverConfig();
        ServerWarmup.begin(config);
        GitHubConfig watcher = github.config();
        SwarmNode node = context.node(client.nodeOptions().withLimits(config.limits()).withWake(wake.config())
                .withGitHub(watcher).withCoordination(coordination.config()));
        int colon = apiListen == null ? -1 : apiListen.lastIndexOf(':');
        String apiHost = colon <= 0 ? "127.0.0.1" : apiListen.substring(0, colon).replace("[", "").replace("]", "");
        int apiPort;
        try {
            apiPort = apiListen == null ? 0 : Integer.parseInt(apiListen.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new SwarmException(ErrorCode.INVALID_ARGUMENT, "--api-listen must be HOST:PORT, got " + apiListen);
        }
        NodeServer server = node.serve(config, apiHost, apiPort);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "swarm-shutdown"));
        String url = (server.isTls() ? "https://" : "http://") + config.host() + ":" + server.port();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status", "serving");
        result.put("agent_id", node.identity().agentId());
        result.put("endpoint", node.identity().endpoint());
        result.put("listen", url);
        result.put("tls", server.isTls());
        result.put("wake", wake.config().method().name().toLowerCase(java.util.Locale.ROOT));
        result.put("github_repos", watcher.repos());
        Output.print(context, output.json, result, out -> {
            out.println("swarm serve: " + node.identity().agentId() + " listening on " + url + " (HTTP/2"
                    + (server.isTls() ? " over TLS" : ", h2c") + "), endpoint " + node.identity().endpoint());
            if (watcher.watching()) {
                out.println("Watching GitHub issues of " + String.join(", ", watcher.repos()) + " every "
                        + watcher.poll().toSeconds() + " s, notifying " + watcher.notifyTarget());
            }
        });
        stopped.await();
        return 0;
    }

    private ServerConfig serverConfig() {
        boolean tls = tlsCert != null || tlsKey != null;
        String address = listen != null ? listen : (tls ? "0.0.0.0:" : "127.0.0.1:") + DEFAULT_PORT;
        int colon = address.lastIndexOf(':');
        String host = colon <= 0 ? (tls ? "0.0.0.0" : "127.0.0.1") : address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int port = Integer.parseInt(colon < 0 ? address : address.substring(colon + 1));
            ReceiveLimits limits = new ReceiveLimits(maxBodyBytes, maxContentChars, Duration.ofSeconds(clockSkew));
            return new ServerConfig(host, port, tlsCert, tlsKey, limits, ingress.limits());
        } catch (NumberFormatException e) {
            throw new SwarmException(ErrorCode.INVALID_ARGUMENT, "--listen must be HOST:PORT, got " + address);
        } catch (IllegalArgumentException e) {
            throw new SwarmException(ErrorCode.INVALID_ARGUMENT, e.getMessage());
        }
    }
}

package dev.swarm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swarm.node.client.TrustStores;
import dev.swarm.node.identity.SwarmHome;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The run the launcher records its class-data-sharing archive from (not a command; once per build the
 * launcher starts this class under {@code -XX:DumpLoadedClassList}, then has {@code java -Xshare:dump}
 * archive the classes it listed; {@code bootstrap.sh} does the same for an installed node). It does
 * what users do first, in a throwaway node directory: {@code init --self-signed}, {@code create},
 * {@code status}, {@code list} and {@code messages} with {@code --json}, then {@code swarm serve} on a
 * free loopback port until its {@code /health} answers over HTTPS, and exits. The archive then holds the classes
 * of both the daemon's start and the short commands, so each of them starts from it.
 */
public final class ClassDataTraining {
    private static final Duration SERVE_TIMEOUT = Duration.ofSeconds(60);

    private ClassDataTraining() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Files.createTempDirectory("swarm-cds-training-");
        int status;
        try {
            status = train(home);
        } finally {
            delete(home);
        }
        System.exit(status);
    }

    private static int train(Path home) throws Exception {
        Map<String, String> env = Map.of(SwarmHome.ENV, home.toString());
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        String[][] commands = {
            {"init", "--agent-id", "training", "--endpoint", "https://127.0.0.1:9443/swarm", "--self-signed", "--json"},
            {"create", "--name", "training", "--json"},
            {"status", "--json"},
            {"list", "--json"},
            {"messages", "--json"},
        };
        for (String[] command : commands) {
            int status = run(command, env, discard);
            if (status != 0) {
                return status;
            }
        }
        ByteArrayOutputStream served = new ByteArrayOutputStream();
        PrintStream serveOut = new PrintStream(served, true, StandardCharsets.UTF_8);
        Thread serve = new Thread(() -> run(new String[] {"serve", "--listen", "127.0.0.1:0", "--json"}, env, serveOut),
                "training-serve");
        serve.setDaemon(true);
        serve.start();
        String listen = awaitListening(served, serve);
        X509TrustManager trust = TrustStores.trustManager(home.resolve("tls").resolve("cert.pem"));
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {trust}, null);
        OkHttpClient client = new OkHttpClient.Builder().sslSocketFactory(tls.getSocketFactory(), trust).build();
        Request health = new Request.Builder().url(listen + "/swarm/health").build();
        try (Response response = client.newCall(health).execute()) {
            return response.code() == 200 ? 0 : 1;
        }
    }

    private static int run(String[] command, Map<String, String> env, PrintStream out) {
        return Main.run(command, env, new ByteArrayInputStream(new byte[0]), out, out, false);
    }

    /** The serve command's URL once it prints that it is serving. */
    private static String awaitListening(ByteArrayOutputStream served, Thread serve) throws Exception {
        Instant deadline = Instant.now().plus(SERVE_TIMEOUT);
        ObjectMapper json = new ObjectMapper();
        while (Instant.now().isBefore(deadline) && serve.isAlive()) {
            String text = served.toString(StandardCharsets.UTF_8).trim();
            if (!text.isEmpty()) {
                JsonNode document = json.readTree(text);
                if (document.has("listen")) {
                    return document.get("listen").asText();
                }
                throw new IllegalStateException("swarm serve did not start: " + text);
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("swarm serve did not start within " + SERVE_TIMEOUT.toSeconds() + " s");
    }

    private static void delete(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}

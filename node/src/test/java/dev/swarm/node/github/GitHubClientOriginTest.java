package dev.swarm.node.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.swarm.node.client.ClientConfig;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.support.TestCa;
import dev.swarm.node.tls.PemFiles;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GitHub client stays on the API it was configured with: a {@code Link} page or a redirect to
 * another host or port is refused before any request (and so the token) goes there.
 */
class GitHubClientOriginTest {
    private static final String TOKEN = "ghp_tokenThatStaysWithGitHub";

    @TempDir
    Path dir;

    private HttpsServer api;
    private HttpsServer elsewhere;
    private final List<String> elsewhereSaw = new CopyOnWriteArrayList<>();
    private GitHubClient client;

    @BeforeEach
    void setUp() throws Exception {
        elsewhere = server(dir.resolve("elsewhere"));
        elsewhere.createContext("/", exchange -> {
            elsewhereSaw.add(exchange.getRequestURI() + " " + exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        elsewhere.start();
        String other = "https://127.0.0.1:" + elsewhere.getAddress().getPort();
        api = server(dir.resolve("api"));
        api.createContext("/repos/acme/widgets/issues", exchange -> {
            byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Link", "<" + other + "/steal?page=2>; rel=\"next\"");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        api.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", other + "/steal");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        api.start();
        client = new GitHubClient("https://127.0.0.1:" + api.getAddress().getPort(), TOKEN,
                new ClientConfig(TestCa.get().caFile(), false, Duration.ofSeconds(5), Duration.ofSeconds(5)));
    }

    @AfterEach
    void tearDown() {
        client.close();
        api.stop(0);
        elsewhere.stop(0);
    }

    @Test
    void aNextPageOnAnotherPortIsRefusedAndNothingIsSentThere() {
        GitHubClient.Answer first = client.get("/repos/acme/widgets/issues", null);
        assertThat(first.next()).contains("/steal");

        assertThatThrownBy(() -> client.get(first.next(), null)).isInstanceOfSatisfying(SwarmException.class,
                e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PEER_PROTOCOL_ERROR);
                    assertThat(e.getMessage()).contains("outside github_api").doesNotContain(TOKEN);
                });
        assertThat(elsewhereSaw).isEmpty();
    }

    @Test
    void aRedirectToAnotherOriginIsNotFollowedAndTheTokenIsNotSentThere() {
        assertThatThrownBy(() -> client.get("/moved", null)).isInstanceOfSatisfying(SwarmException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.PEER_PROTOCOL_ERROR));
        assertThat(elsewhereSaw).isEmpty();
    }

    private static HttpsServer server(Path tlsDir) throws IOException, GeneralSecurityException {
        TestCa.ServerFiles tls = TestCa.get().issue(tlsDir);
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(PemFiles.keyStore(tls.certificate(), tls.key()), PemFiles.NO_PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        return server;
    }
}

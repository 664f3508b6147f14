package dev.swarm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.error.ErrorCode;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code swarm init}: what it leaves on disk, what it prints, and what it refuses. */
class InitCommandTest {
    private static final String ENDPOINT = "https://alice.example.com/swarm";

    @TempDir
    Path tmp;

    private Path home;
    private Cli swarm;

    @BeforeEach
    void setUp() {
        home = tmp.resolve("home");
        swarm = Cli.home(home);
    }

    @Test
    void initCreatesAPrivateHomeWithA32ByteKeyAndConfig() {
        Cli.Result result = swarm.run("init", "--agent-id", "alice", "--endpoint", ENDPOINT);

        assertThat(result.exit()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(HomeFiles.mode(home)).isEqualTo("rwx------");
        Path key = home.resolve("agent.key");
        assertThat(HomeFiles.bytes(key)).hasSize(32);
        assertThat(HomeFiles.mode(key)).isEqualTo("rw-------");
        assertThat(HomeFiles.yaml(home.resolve("config.yaml")))
                .containsEntry("agent_id", "alice")
                .containsEntry("endpoint", ENDPOINT);
    }

    @Test
    void jsonOutputCarriesThePublicKeyDerivedFromTheSeedOnDisk() {
        JsonNode json = swarm.json("init", "--agent-id", "alice", "--endpoint", ENDPOINT);

        assertThat(json.path("status").asText()).isEqualTo("initialized");
        assertThat(json.path("agent_id").asText()).isEqualTo("alice");
        assertThat(json.path("endpoint").asText()).isEqualTo(ENDPOINT);
        assertThat(json.path("public_key").asText())
                .hasSize(44)
                .isEqualTo(HomeFiles.publicKeyOf(HomeFiles.bytes(home.resolve("agent.key"))));
    }

    @Test
    void secondInitWithoutForceExitsSevenAndKeepsTheKeyByteForByte() {
        swarm.ok("init", "--agent-id", "alice", "--endpoint", ENDPOINT);
        byte[] key = HomeFiles.bytes(home.resolve("agent.key"));
        Map<String, Object> config = HomeFiles.yaml(home.resolve("config.yaml"));

        Cli.Result again = swarm.run("init", "--agent-id", "mallory", "--endpoint", "https://mallory.example/swarm");

        assertThat(again.exit()).isEqualTo(ErrorCode.ExitCodes.STATE).isEqualTo(7);
        assertThat(again.errLines()).singleElement().asString().startsWith("error: ").contains("--force");
        assertThat(HomeFiles.bytes(home.resolve("agent.key"))).isEqualTo(key);
        assertThat(HomeFiles.yaml(home.resolve("config.yaml"))).isEqualTo(config);
    }

    @Test
    void secondInitWithJsonReportsAlreadyInitialized() {
        swarm.ok("init", "--agent-id", "alice", "--endpoint", ENDPOINT);

        Cli.Result again = swarm.run("init", "--agent-id", "alice", "--endpoint", ENDPOINT, "--json");

        assertThat(again.exit()).isEqualTo(7);
        assertThat(again.json().path("error").path("code").asText()).isEqualTo("ALREADY_INITIALIZED");
    }

    @Test
    void forceReplacesTheKeyAndTheIdentity() {
        swarm.ok("init", "--agent-id", "alice", "--endpoint", ENDPOINT);
        byte[] oldKey = HomeFiles.bytes(home.resolve("agent.key"));

        JsonNode json = swarm.json("init", "--agent-id", "alice2", "--endpoint", "https://alice2.example.com/swarm",
                "--force");

        byte[] newKey = HomeFiles.bytes(home.resolve("agent.key"));
        assertThat(newKey).hasSize(32).isNotEqualTo(oldKey);
        assertThat(HomeFiles.mode(home.resolve("agent.key"))).isEqualTo("rw-------");
        assertThat(json.path("public_key").asText()).isEqualTo(HomeFiles.publicKeyOf(newKey))
                .isNotEqualTo(HomeFiles.publicKeyOf(oldKey));
        assertThat(HomeFiles.yaml(home.resolve("config.yaml")))
                .containsEntry("agent_id", "alice2")
                .containsEntry("endpoint", "https://alice2.example.com/swarm");
    }

    @Test
    void forcedInitWithAnInvalidEndpointKeepsTheOldIdentity() {
        swarm.ok("init", "--agent-id", "alice", "--endpoint", ENDPOINT);
        byte[] key = HomeFiles.bytes(home.resolve("agent.key"));

        Cli.Result result = swarm.run("init", "--agent-id", "alice", "--endpoint", "http://alice.example.com/swarm",
                "--force");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(HomeFiles.bytes(home.resolve("agent.key"))).isEqualTo(key);
        assertThat(HomeFiles.yaml(home.resolve("config.yaml"))).containsEntry("endpoint", ENDPOINT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "slash/name", "colon:name", "ümlaut", "semi;colon"})
    void invalidAgentIdExitsTwoAndCreatesNothing(String agentId) {
        Cli.Result result = swarm.run("init", "--agent-id", agentId, "--endpoint", ENDPOINT);

        assertThat(result.exit()).isEqualTo(ErrorCode.ExitCodes.INVALID_INPUT).isEqualTo(2);
        assertThat(result.errLines()).singleElement().asString().startsWith("error: ").contains("--agent-id");
        assertThat(home).doesNotExist();
    }

    @Test
    void agentIdLongerThan256CharactersExitsTwoAndCreatesNothing() {
        String longest = "a".repeat(256);
        Cli.Result tooLong = swarm.run("init", "--agent-id", longest + "b", "--endpoint", ENDPOINT);
        assertThat(tooLong.exit()).isEqualTo(2);
        assertThat(home).doesNotExist();

        swarm.ok("init", "--agent-id", longest, "--endpoint", ENDPOINT);
        assertThat(HomeFiles.yaml(home.resolve("config.yaml"))).containsEntry("agent_id", longest);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://alice.example.com/swarm", "ftp://alice.example.com/swarm", "alice.example.com",
        "https://user@alice.example.com/swarm", "https://alice.example.com/swarm?x=1", "not a url"})
    void endpointThatIsNotAPlainHttpsUrlExitsTwoAndCreatesNothing(String endpoint) {
        Cli.Result result = swarm.run("init", "--agent-id", "alice", "--endpoint", endpoint);

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.errLines()).singleElement().asString().startsWith("error: ").contains("--endpoint");
        assertThat(home).doesNotExist();
    }

    @Test
    void missingAgentIdOrEndpointExitsTwoAndCreatesNothing() {
        assertThat(swarm.run("init", "--endpoint", ENDPOINT).exit()).isEqualTo(2);
        assertThat(swarm.run("init", "--agent-id", "alice").exit()).isEqualTo(2);
        assertThat(home).doesNotExist();
    }

    @Test
    void httpOnLoopbackIsRefusedUnlessAllowInsecureLoopback() {
        Cli.Result refused = swarm.run("init", "--agent-id", "alice", "--endpoint", "http://127.0.0.1:9443/swarm");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("--allow-insecure-loopback");
        assertThat(home).doesNotExist();

        JsonNode json = swarm.json("init", "--agent-id", "alice", "--endpoint", "http://127.0.0.1:9443/swarm",
                "--allow-insecure-loopback");
        assertThat(json.path("endpoint").asText()).isEqualTo("http://127.0.0.1:9443/swarm");
        assertThat(HomeFiles.yaml(home.resolve("config.yaml")))
                .containsEntry("endpoint", "http://127.0.0.1:9443/swarm");
    }

    @Test
    void allowInsecureLoopbackFromTheEnvironmentAlsoPermitsHttpOnLoopback() {
        swarm.with("SWARM_ALLOW_INSECURE_LOOPBACK", "true")
                .ok("init", "--agent-id", "alice", "--endpoint", "http://localhost:9443/swarm");

        assertThat(HomeFiles.yaml(home.resolve("config.yaml")))
                .containsEntry("endpoint", "http://localhost:9443/swarm");
    }

    @Test
    void allowInsecureLoopbackNeverPermitsHttpToAnotherHost() {
        Cli.Result result = swarm.run("init", "--agent-id", "alice", "--endpoint", "http://alice.example.com/swarm",
                "--allow-insecure-loopback");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(home).doesNotExist();
    }

    @Test
    void pythonStyleHomeIsLoadedUnchangedByStatus() throws Exception {
        byte[] seed = IntStream.range(0, 32).collect(() -> new byte[32], (a, i) -> a[i] = (byte) (i * 7 + 1),
                (a, b) -> { });
        String config = "agent_id: alice\nendpoint: https://alice.example.com/swarm\nwake_command: claude --resume\n";
        HomeFiles.write(home.resolve("config.yaml"), config);
        HomeFiles.write(home.resolve("agent.key"), seed);
        Files.setPosixFilePermissions(home.resolve("agent.key"), PosixFilePermissions.fromString("rw-------"));

        JsonNode status = swarm.json("status");

        assertThat(status.path("agent_id").asText()).isEqualTo("alice");
        assertThat(status.path("endpoint").asText()).isEqualTo(ENDPOINT);
        assertThat(status.path("public_key").asText()).isEqualTo(HomeFiles.publicKeyOf(seed));
        assertThat(HomeFiles.bytes(home.resolve("agent.key"))).isEqualTo(seed);
        assertThat(HomeFiles.bytes(home.resolve("config.yaml"))).asString().isEqualTo(config);
    }

    @Test
    void unknownConfigKeysSurviveSelfSignedForcedInit() {
        HomeFiles.write(home.resolve("config.yaml"), """
                agent_id: alice
                endpoint: https://alice.example.com/swarm
                wake_command: claude --resume
                github:
                  repo: octo/widgets
                  labels: [swarm, agents]
                """);
        HomeFiles.write(home.resolve("agent.key"), new byte[32]);

        swarm.ok("init", "--agent-id", "alice", "--endpoint", ENDPOINT, "--self-signed", "--force");

        Map<String, Object> config = HomeFiles.yaml(home.resolve("config.yaml"));
        assertThat(config).containsEntry("wake_command", "claude --resume")
                .containsEntry("github", Map.of("repo", "octo/widgets", "labels", List.of("swarm", "agents")))
                .containsEntry("agent_id", "alice")
                .containsEntry("endpoint", ENDPOINT)
                .containsKeys("tls_cert", "tls_key");
        assertThat(HomeFiles.bytes(home.resolve("agent.key"))).hasSize(32).isNotEqualTo(new byte[32]);
    }

    @Test
    void selfSignedWritesCertificateAndPrivateKeyAndRecordsThemInConfig() throws Exception {
        JsonNode json = swarm.json("init", "--agent-id", "alice", "--endpoint", ENDPOINT, "--self-signed");

        Path cert = home.resolve("tls/cert.pem");
        Path key = home.resolve("tls/key.pem");
        assertThat(json.path("tls_cert").asText()).isEqualTo(cert.toString());
        assertThat(json.path("tls_key").asText()).isEqualTo(key.toString());
        assertThat(HomeFiles.mode(key)).isEqualTo("rw-------");
        assertThat(Files.readString(key)).contains("-----BEGIN PRIVATE KEY-----");
        Collection<? extends java.security.cert.Certificate> certificates = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(HomeFiles.bytes(cert)));
        assertThat(certificates).singleElement().satisfies(c -> assertThat(((X509Certificate) c)
                .getSubjectAlternativeNames()).anySatisfy(name -> assertThat(name.get(1))
                        .isEqualTo("alice.example.com")));
        assertThat(HomeFiles.yaml(home.resolve("config.yaml")))
                .containsEntry("tls_cert", cert.toString())
                .containsEntry("tls_key", key.toString());

        JsonNode settings = swarm.json("config").path("settings");
        assertThat(settings).anySatisfy(row -> {
            assertThat(row.path("key").asText()).isEqualTo("tls_cert");
            assertThat(row.path("value").asText()).isEqualTo(cert.toString());
            assertThat(row.path("source").asText()).isEqualTo("file");
        });
    }

    @Test
    void noTemporaryFilesAreLeftInTheHome() {
        swarm.ok("init", "--agent-id", "alice", "--endpoint", ENDPOINT);
        swarm.run("init", "--agent-id", "alice", "--endpoint", ENDPOINT);
        swarm.ok("init", "--agent-id", "alice", "--endpoint", ENDPOINT, "--self-signed", "--force");
        swarm.ok("init", "--agent-id", "alice", "--endpoint", ENDPOINT, "--self-signed", "--force");

        assertThat(HomeFiles.tree(home))
                .containsExactly("agent.key", "config.yaml", "tls", "tls/cert.pem", "tls/key.pem");
    }

    @Test
    void initMakesAnExistingHomePrivate() throws Exception {
        Files.createDirectories(home);
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));

        swarm.ok("init", "--agent-id", "alice", "--endpoint", ENDPOINT);

        assertThat(HomeFiles.mode(home)).isEqualTo("rwx------");
    }
}

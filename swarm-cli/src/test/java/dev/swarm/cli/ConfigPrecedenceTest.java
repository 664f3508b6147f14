package dev.swarm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.support.DbDump;
import dev.swarm.node.support.Schemas;
import dev.swarm.node.support.TestCa;
import dev.swarm.node.support.TestNode;
import java.nio.file.Path;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Settings come from, in rising precedence: the built-in default, config.yaml, the SWARM_*
 * environment, the flag. Shown by {@code swarm config} and observed in the commands that use them.
 */
class ConfigPrecedenceTest {
    @TempDir
    Path tmp;

    private Path home;
    private Cli swarm;

    @BeforeEach
    void setUp() {
        home = tmp.resolve("home");
        swarm = Cli.home(home);
    }

    private void config(String yaml) {
        HomeFiles.write(home.resolve("config.yaml"), yaml);
    }

    private JsonNode setting(Cli cli, String key) {
        JsonNode settings = cli.json("config").path("settings");
        return StreamSupport.stream(settings.spliterator(), false).filter(row -> row.path("key").asText().equals(key))
                .findFirst().orElseThrow(() -> new AssertionError("swarm config does not list " + key));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "clock_skew,        SWARM_CLOCK_SKEW,        300,     60,   90",
        "request_timeout,   SWARM_REQUEST_TIMEOUT,   15,      7,    9",
        "connect_timeout,   SWARM_CONNECT_TIMEOUT,   5,       3,    4",
        "max_body_bytes,    SWARM_MAX_BODY_BYTES,    1048576, 2048, 4096",
        "max_content_chars, SWARM_MAX_CONTENT_CHARS, 65536,   100,  200",
    })
    void swarmConfigShowsDefaultThenFileThenEnvironment(String key, String env, String builtIn, String inFile,
                                                         String inEnv) {
        JsonNode byDefault = setting(swarm, key);
        assertThat(byDefault.path("value").asText()).isEqualTo(builtIn);
        assertThat(byDefault.path("source").asText()).isEqualTo("default");
        assertThat(byDefault.path("env").asText()).isEqualTo(env);
        assertThat(byDefault.path("flag").asText()).isEqualTo("--" + key.replace('_', '-'));

        config(key + ": " + inFile + "\n");
        JsonNode fromFile = setting(swarm, key);
        assertThat(fromFile.path("value").asText()).isEqualTo(inFile);
        assertThat(fromFile.path("source").asText()).isEqualTo("file");

        JsonNode fromEnv = setting(swarm.with(env, inEnv), key);
        assertThat(fromEnv.path("value").asText()).isEqualTo(inEnv);
        assertThat(fromEnv.path("source").asText()).isEqualTo("env");

        JsonNode emptyEnv = setting(swarm.with(env, ""), key);
        assertThat(emptyEnv.path("value").asText()).isEqualTo(inFile);
        assertThat(emptyEnv.path("source").asText()).isEqualTo("file");
    }

    @Test
    void caFileHasNoDefaultAndIsTakenFromFileThenEnvironment() {
        JsonNode unset = setting(swarm, "ca_file");
        assertThat(unset.path("source").asText()).isEqualTo("unset");
        assertThat(unset.path("value").isNull() || unset.path("value").isMissingNode()).isTrue();

        config("ca_file: /etc/swarm/file-ca.pem\n");
        assertThat(setting(swarm, "ca_file").path("value").asText()).isEqualTo("/etc/swarm/file-ca.pem");

        JsonNode fromEnv = setting(swarm.with("SWARM_CA_FILE", "/etc/swarm/env-ca.pem"), "ca_file");
        assertThat(fromEnv.path("value").asText()).isEqualTo("/etc/swarm/env-ca.pem");
        assertThat(fromEnv.path("source").asText()).isEqualTo("env");
    }

    @Test
    void githubTokenIsNeverPrintedOnlyWhereItCameFrom() {
        String token = "ghp_secretTokenThatMustNotBePrinted123";
        config("github_token: " + token + "\n");

        JsonNode fromFile = setting(swarm, "github_token");
        assertThat(fromFile.path("source").asText()).isEqualTo("file");
        assertThat(fromFile.path("redacted").asBoolean()).isTrue();
        assertThat(fromFile.has("value")).isFalse();
        JsonNode fromEnv = setting(swarm.with("GITHUB_TOKEN", token + "-env"), "github_token");
        assertThat(fromEnv.path("source").asText()).isEqualTo("env");
        assertThat(fromEnv.has("value")).isFalse();

        Cli.Result json = swarm.with("GITHUB_TOKEN", token).run("config", "--json");
        Cli.Result text = swarm.with("GITHUB_TOKEN", token).run("config");
        assertThat(json.exit()).isZero();
        assertThat(text.exit()).isZero();
        assertThat(json.out() + json.err() + text.out() + text.err()).doesNotContain(token);
        Schemas.assertValid("cli/config.schema.json", json.out());
        assertThat(text.out()).containsPattern("github_token\\s+\\(redacted\\)\\s+\\(env\\)");
    }

    @Test
    void anUnsetGithubTokenIsShownAsUnset() {
        JsonNode unset = setting(swarm, "github_token");
        assertThat(unset.path("source").asText()).isEqualTo("unset");
        assertThat(unset.has("redacted")).isFalse();
    }

    /*
     * swarm serve checks its limits before it opens the identity, so on a home without one a usable
     * clock_skew ends in "not initialised" (7) and a negative one in "invalid input" (2): the exit
     * code tells which layer's value serve used, and serve never starts.
     */
    @Test
    void swarmServeUsesClockSkewFromTheHighestLayerThatSetsIt() {
        config("clock_skew: -1\n");
        assertClockSkewRefused(swarm.run("serve"));
        assertThat(swarm.with("SWARM_CLOCK_SKEW", "300").run("serve").exit()).isEqualTo(7);

        config("clock_skew: 300\n");
        assertThat(swarm.run("serve").exit()).isEqualTo(7);
        assertClockSkewRefused(swarm.with("SWARM_CLOCK_SKEW", "-1").run("serve"));
        assertThat(swarm.with("SWARM_CLOCK_SKEW", "-1").run("serve", "--clock-skew=300").exit()).isEqualTo(7);
        assertClockSkewRefused(swarm.with("SWARM_CLOCK_SKEW", "300").run("serve", "--clock-skew=-1"));
    }

    private static void assertClockSkewRefused(Cli.Result result) {
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.errLines()).singleElement().asString().startsWith("error: ").contains("clock_skew");
    }

    @Test
    void swarmSendUsesRequestTimeoutFromTheHighestLayerThatSetsIt() {
        swarm.ok("init", "--agent-id", "alice", "--endpoint", "https://alice.example.com/swarm");
        swarm.ok("create", "--name", "team");
        Path configFile = home.resolve("config.yaml");
        String identity = new String(HomeFiles.bytes(configFile));

        HomeFiles.write(configFile, identity + "request_timeout: 0\n");
        assertRequestTimeoutRefused(swarm.run("send", "-m", "hello"));
        assertThat(swarm.with("SWARM_REQUEST_TIMEOUT", "15").json("send", "-m", "hello").path("status").asText())
                .isEqualTo("sent");

        HomeFiles.write(configFile, identity + "request_timeout: 15\n");
        assertThat(swarm.json("send", "-m", "hello").path("status").asText()).isEqualTo("sent");
        assertRequestTimeoutRefused(swarm.with("SWARM_REQUEST_TIMEOUT", "0").run("send", "-m", "hello"));
        assertThat(swarm.with("SWARM_REQUEST_TIMEOUT", "0").json("send", "-m", "hello", "--request-timeout", "15")
                .path("status").asText()).isEqualTo("sent");
        assertRequestTimeoutRefused(swarm.with("SWARM_REQUEST_TIMEOUT", "15")
                .run("send", "-m", "hello", "--request-timeout", "0"));
    }

    private static void assertRequestTimeoutRefused(Cli.Result result) {
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.errLines()).singleElement().asString().startsWith("error: ").contains("request_timeout");
    }

    /** A real delivery over TLS to a node whose certificate only the test CA vouches for. */
    @Test
    void swarmSendTrustsTheCaFileFromTheHighestLayerThatSetsIt() {
        try (TestNode bob = TestNode.start(tmp, "bob")) {
            String alicesKey = swarm.json("init", "--agent-id", "alice", "--endpoint", "https://127.0.0.1:9/swarm")
                    .path("public_key").asText();
            String swarmId = swarm.json("create", "--name", "team").path("swarm_id").asText();
            NodeState.write(home, store -> store.members().upsert(NodeState.member(swarmId, "bob", bob.endpoint(),
                    bob.identity().publicKeyBase64())));
            NodeState.write(bob.home().dir(), store -> {
                store.swarms().insert(NodeState.swarm(swarmId, "team", "alice"));
                store.members().upsert(NodeState.member(swarmId, "alice", "https://127.0.0.1:9/swarm", alicesKey));
                store.members().upsert(NodeState.member(swarmId, "bob", bob.endpoint(),
                        bob.identity().publicKeyBase64()));
            });
            String testCa = TestCa.get().caFile().toString();
            String missing = tmp.resolve("no-such-ca.pem").toString();
            String identity = new String(HomeFiles.bytes(home.resolve("config.yaml")));

            JsonNode untrusted = swarm.json("send", "--to", "bob", "-m", "system CAs only");
            assertThat(untrusted.path("status").asText()).isEqualTo("queued");
            assertThat(bob.dump().count("inbox")).isZero();

            HomeFiles.write(home.resolve("config.yaml"), identity + "ca_file: " + testCa + "\n");
            assertThat(swarm.json("send", "--to", "bob", "-m", "ca from file").path("status").asText())
                    .isEqualTo("sent");
            // the earlier message, left pending when TLS failed, goes first: rows to a peer keep their order
            assertThat(bob.dump().rows("inbox")).extracting(row -> row.get("content"))
                    .containsExactly("system CAs only", "ca from file");

            DbDump before = bob.dump();
            Cli.Result envWins = swarm.with("SWARM_CA_FILE", missing).run("send", "--to", "bob", "-m", "env");
            assertThat(envWins.exit()).isEqualTo(2);
            assertThat(envWins.err()).contains(missing);
            assertThat(bob.dump()).isEqualTo(before);

            assertThat(swarm.with("SWARM_CA_FILE", missing)
                    .json("send", "--to", "bob", "-m", "ca from flag", "--ca-file", testCa).path("status").asText())
                    .isEqualTo("sent");
            Cli.Result flagWins = swarm.with("SWARM_CA_FILE", testCa)
                    .run("send", "--to", "bob", "-m", "flag", "--ca-file", missing);
            assertThat(flagWins.exit()).isEqualTo(2);
            assertThat(flagWins.err()).contains(missing);
            assertThat(bob.dump().rows("inbox")).extracting(row -> row.get("content"))
                    .containsExactly("system CAs only", "ca from file", "ca from flag");
        }
    }

    @Test
    void aNonNumericSettingInConfigIsInvalidInput() {
        config("clock_skew: five minutes\n");

        Cli.Result result = swarm.run("serve");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.errLines()).singleElement().asString().startsWith("error: ").contains("five minutes");
    }

    // The swarm a command acts on: --swarm, then SWARM_ID, then default_swarm, then the only swarm.

    private String[] twoSwarms() {
        swarm.ok("init", "--agent-id", "alice", "--endpoint", "https://alice.example.com/swarm");
        String one = swarm.json("create", "--name", "one").path("swarm_id").asText();
        String two = swarm.json("create", "--name", "two").path("swarm_id").asText();
        return new String[] {one, two};
    }

    private static String sentTo(Cli cli, String... extra) {
        String[] args = new String[extra.length + 3];
        args[0] = "send";
        args[1] = "-m";
        args[2] = "hello";
        System.arraycopy(extra, 0, args, 3, extra.length);
        return cli.json(args).path("swarm_id").asText();
    }

    @Test
    void withTwoSwarmsAndNoChoiceSendRefusesAndNamesTheOptions() {
        String[] ids = twoSwarms();

        Cli.Result result = swarm.run("send", "-m", "hello");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.errLines()).singleElement().asString().startsWith("error: ")
                .contains(ids[0], ids[1], "one", "two", "--swarm", "SWARM_ID", "default_swarm");
        Cli.Result json = swarm.run("send", "-m", "hello", "--json");
        assertThat(json.exit()).isEqualTo(2);
        assertThat(json.json().path("error").path("code").asText()).isEqualTo("INVALID_ARGUMENT");
    }

    @Test
    void swarmFlagBeatsSwarmIdWhichBeatsDefaultSwarm() {
        String[] ids = twoSwarms();
        Cli withEnv = swarm.with("SWARM_ID", ids[1]);

        assertThat(sentTo(swarm, "--swarm", ids[0])).isEqualTo(ids[0]);
        assertThat(sentTo(swarm, "-s", ids[1])).isEqualTo(ids[1]);
        assertThat(sentTo(withEnv)).isEqualTo(ids[1]);
        assertThat(sentTo(withEnv, "--swarm", ids[0])).isEqualTo(ids[0]);

        String identity = new String(HomeFiles.bytes(home.resolve("config.yaml")));
        HomeFiles.write(home.resolve("config.yaml"), identity + "default_swarm: " + ids[0] + "\n");
        assertThat(sentTo(swarm)).isEqualTo(ids[0]);
        assertThat(sentTo(withEnv)).isEqualTo(ids[1]);
        assertThat(sentTo(swarm, "--swarm", ids[1])).isEqualTo(ids[1]);

        JsonNode shown = setting(withEnv, "default_swarm");
        assertThat(shown.path("value").asText()).isEqualTo(ids[1]);
        assertThat(shown.path("source").asText()).isEqualTo("env");
        assertThat(shown.path("env").asText()).isEqualTo("SWARM_ID");
        assertThat(shown.path("flag").asText()).isEqualTo("--swarm");
        assertThat(setting(swarm, "default_swarm").path("source").asText()).isEqualTo("file");
    }

    @Test
    void theOnlySwarmIsUsedWithoutChoosing() {
        swarm.ok("init", "--agent-id", "alice", "--endpoint", "https://alice.example.com/swarm");
        String only = swarm.json("create", "--name", "solo").path("swarm_id").asText();

        assertThat(sentTo(swarm)).isEqualTo(only);
        assertThat(swarm.json("invite").path("swarm_id").asText()).isEqualTo(only);
    }

    @Test
    void aUniquePrefixOfASwarmIdChoosesThatSwarm() {
        String[] ids = twoSwarms();
        int differ = 0;
        while (ids[0].charAt(differ) == ids[1].charAt(differ)) {
            differ++;
        }
        String prefix = ids[0].substring(0, Math.max(8, differ + 1));

        assertThat(sentTo(swarm, "--swarm", prefix)).isEqualTo(ids[0]);
        assertThat(sentTo(swarm.with("SWARM_ID", prefix))).isEqualTo(ids[0]);
        assertThat(swarm.json("invite", "--swarm", prefix).path("swarm_id").asText()).isEqualTo(ids[0]);
    }

    @Test
    void listShowsEverySwarmWhateverSwarmIsTheDefault() {
        String[] ids = twoSwarms();
        String identity = new String(HomeFiles.bytes(home.resolve("config.yaml")));
        HomeFiles.write(home.resolve("config.yaml"), identity + "default_swarm: " + ids[0] + "\n");

        assertThat(swarm.json("list").path("swarms")).extracting(s -> s.path("swarm_id").asText())
                .containsExactlyInAnyOrder(ids[0], ids[1]);
        assertThat(swarm.with("SWARM_ID", ids[1]).json("list").path("swarms"))
                .extracting(s -> s.path("swarm_id").asText()).containsExactlyInAnyOrder(ids[0], ids[1]);
        assertThat(swarm.json("list", "--swarm", ids[1]).path("swarms"))
                .extracting(s -> s.path("swarm_id").asText()).containsExactly(ids[1]);
    }

    @Test
    void homeFlagBeatsSwarmHome() {
        Path other = tmp.resolve("other");

        swarm.ok("--home", other.toString(), "init", "--agent-id", "alice", "--endpoint",
                "https://alice.example.com/swarm");
        swarm.ok("init", "--agent-id", "bob", "--endpoint", "https://bob.example.com/swarm", "--home=" + other
                + "-2");

        assertThat(home).doesNotExist();
        assertThat(HomeFiles.yaml(other.resolve("config.yaml"))).containsEntry("agent_id", "alice");
        assertThat(HomeFiles.yaml(tmp.resolve("other-2/config.yaml"))).containsEntry("agent_id", "bob");
        assertThat(swarm.json("--home", other.toString(), "status").path("agent_id").asText()).isEqualTo("alice");
    }
}

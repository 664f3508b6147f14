package dev.swarm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.NodeOptions;
import dev.swarm.node.SwarmNode;
import dev.swarm.node.config.ConfigFile;
import dev.swarm.node.config.Settings;
import dev.swarm.node.error.ErrorCode.ExitCodes;
import dev.swarm.node.identity.IdentityStore;
import dev.swarm.node.identity.SwarmHome;
import dev.swarm.node.support.Schemas;
import dev.swarm.node.support.TestCa;
import dev.swarm.node.support.TestNode;
import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * How every failure looks: one {@code error: ...} line on stderr, or with {@code --json} exactly one
 * {@code {"error":{"code","message","details"}}} document on stdout, and the documented exit code.
 */
class ErrorOutputTest {
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

    private void initAlice() {
        swarm.ok("init", "--agent-id", "alice", "--endpoint", ENDPOINT);
    }

    /**
     * Runs the failing command without and with {@code --json}, checks both shapes and the exit code,
     * and returns the error document; a null {@code code} accepts any code.
     */
    private static JsonNode assertFailure(Cli cli, int exit, String code, String... args) {
        Cli.Result plain = cli.run(args);
        assertThat(plain.exit()).as("exit of swarm %s (stderr: %s)", plain.args(), plain.err()).isEqualTo(exit);
        assertThat(plain.out()).as("stdout of a failed swarm %s", plain.args()).isEmpty();
        assertThat(plain.errLines()).as("stderr of swarm %s", plain.args()).singleElement().asString()
                .startsWith("error: ").hasSizeGreaterThan("error: ".length());

        // --json goes right after the command name, so it cannot change how the rest is parsed
        boolean command = args.length > 0 && model().getSubcommands().containsKey(args[0]);
        List<String> withJson = new ArrayList<>(Arrays.asList(args));
        withJson.add(command ? 1 : withJson.size(), "--json");
        Cli.Result json = cli.run(withJson.toArray(String[]::new));
        assertThat(json.exit()).as("exit of swarm %s (stdout: %s)", json.args(), json.out()).isEqualTo(exit);
        JsonNode document = json.json();
        assertErrorShape(document);
        if (code != null) {
            assertThat(document.path("error").path("code").asText()).isEqualTo(code);
        }
        if (command) {
            assertThat("error: " + document.path("error").path("message").asText()).isEqualTo(plain.errLines().get(0));
        }
        return document;
    }

    static void assertErrorShape(JsonNode document) {
        assertThat(document.fieldNames()).toIterable().containsExactly("error");
        JsonNode error = document.path("error");
        assertThat(error.fieldNames()).toIterable().containsExactlyInAnyOrder("code", "message", "details");
        assertThat(error.path("code").isTextual()).isTrue();
        assertThat(error.path("code").asText()).matches("[A-Z_]+");
        assertThat(error.path("message").isTextual()).isTrue();
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(error.path("details").isNull() || error.path("details").isObject()).isTrue();
        // CLI errors may carry local codes (NOT_INITIALIZED, INVALID_ARGUMENT, ...), hence the CLI's error schema
        Schemas.assertValid("cli/error.schema.json", document.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"status --bogus", "init --agent-id", "messages --limit many", "frobnicate",
        "send -m hi --priority", "approve"})
    void invalidCommandLinesExitTwo(String line) {
        initAlice();

        JsonNode error = assertFailure(swarm, ExitCodes.INVALID_INPUT, "INVALID_ARGUMENT", line.split(" "));

        assertThat(error.path("error").path("message").asText()).contains("--help");
    }

    @Test
    void unknownCommandPointsAtSwarmHelp() {
        JsonNode error = assertFailure(swarm, 2, "INVALID_ARGUMENT", "frobnicate");

        assertThat(error.path("error").path("message").asText()).contains("frobnicate").contains("swarm --help");
    }

    @Test
    void statusWithoutIdentityExitsSevenAndSaysToRunInit() {
        JsonNode error = assertFailure(swarm, ExitCodes.STATE, "NOT_INITIALIZED", "status");

        assertThat(error.path("error").path("message").asText()).contains("swarm init");
    }

    @Test
    void everyNodeCommandWithoutIdentityExitsSeven() {
        for (String[] args : List.of(new String[] {"create", "--name", "x"}, new String[] {"messages"},
                new String[] {"list"}, new String[] {"invite"}, new String[] {"send", "-m", "hi"},
                new String[] {"requests"}, new String[] {"join", "--token", "swarm://x"})) {
            assertFailure(swarm, 7, "NOT_INITIALIZED", args);
        }
    }

    @Test
    void unknownSwarmExitsFive() {
        initAlice();
        swarm.ok("create", "--name", "team");
        String unknown = UUID.randomUUID().toString();

        assertFailure(swarm, ExitCodes.NOT_FOUND, "SWARM_NOT_FOUND", "send", "--swarm", unknown, "-m", "hi");
        assertFailure(swarm, 5, "SWARM_NOT_FOUND", "invite", "--swarm", unknown);
        assertFailure(swarm, 5, "SWARM_NOT_FOUND", "messages", "--swarm", unknown);
        assertFailure(swarm.with("SWARM_ID", unknown), 5, "SWARM_NOT_FOUND", "send", "-m", "hi");
    }

    @Test
    void sendingToANonMemberExitsFive() {
        initAlice();
        swarm.ok("create", "--name", "team");

        JsonNode error = assertFailure(swarm, ExitCodes.NOT_FOUND, "MEMBER_NOT_FOUND", "send", "--to", "carol",
                "-m", "hi");

        assertThat(error.path("error").path("message").asText()).contains("carol");
    }

    @Test
    void invitingToASwarmYouAreNotMasterOfExitsFour() {
        initAlice();
        SwarmHome swarmHome = new SwarmHome(home);
        String swarmId = UUID.randomUUID().toString();
        try (SwarmNode node = SwarmNode.open(swarmHome, IdentityStore.load(swarmHome,
                new Settings(Map.of(), ConfigFile.read(swarmHome.configFile()))), NodeOptions.DEFAULTS)) {
            node.database().write(store -> {
                store.swarms().insert(NodeState.swarm(swarmId, "bobs-team", "bob"));
                store.members().upsert(NodeState.member(swarmId, "bob", "https://bob.example.com/swarm",
                        HomeFiles.publicKeyOf(new byte[32])));
                store.members().upsert(NodeState.member(swarmId, "alice", ENDPOINT,
                        node.identity().publicKeyBase64()));
                return null;
            });
        }

        JsonNode error = assertFailure(swarm, ExitCodes.AUTH, "NOT_MASTER", "invite");

        assertThat(error.path("error").path("message").asText()).contains("bob");
        assertThat(swarm.json("list").path("swarms").get(0).path("master").asText()).isEqualTo("bob");
    }

    @ParameterizedTest
    @ValueSource(strings = {"agent_id: [unclosed\n", "- a\n- b\n", "just a sentence\n"})
    void malformedConfigYamlExitsTwo(String yaml) {
        initAlice();
        HomeFiles.write(home.resolve("config.yaml"), yaml);

        JsonNode error = assertFailure(swarm, ExitCodes.INVALID_INPUT, "CONFIG_INVALID", "status");
        assertFailure(swarm, 2, "CONFIG_INVALID", "config");

        assertThat(error.path("error").path("message").asText()).contains("config.yaml");
    }

    @Test
    void invalidAgentIdInConfigYamlExitsTwo() {
        initAlice();
        HomeFiles.write(home.resolve("config.yaml"), "agent_id: not valid\nendpoint: " + ENDPOINT + "\n");

        JsonNode error = assertFailure(swarm, 2, "CONFIG_INVALID", "status");

        assertThat(error.path("error").path("message").asText()).contains("not valid");
    }

    @Test
    void agentKeyThatIsNotA32ByteSeedExitsTwo() {
        initAlice();
        HomeFiles.write(home.resolve("agent.key"), new byte[64]);

        JsonNode error = assertFailure(swarm, 2, "CONFIG_INVALID", "status");

        assertThat(error.path("error").path("message").asText()).contains("agent.key").contains("32");
    }

    @Test
    void badSettingValueNamesWhereTheValueCameFrom() {
        initAlice();
        JsonNode fromEnv = assertFailure(swarm.with("SWARM_CONNECT_TIMEOUT", "later"), 2, "INVALID_ARGUMENT",
                "send", "-m", "hi");
        String config = new String(HomeFiles.bytes(home.resolve("config.yaml")));
        HomeFiles.write(home.resolve("config.yaml"), config + "request_timeout: soon\n");

        JsonNode fromFile = assertFailure(swarm, 2, "INVALID_ARGUMENT", "send", "-m", "hi");

        assertThat(fromEnv.path("error").path("message").asText()).contains("later").contains("SWARM_CONNECT_TIMEOUT");
        assertThat(fromFile.path("error").path("message").asText()).contains("soon").contains("config.yaml");
    }

    @Test
    void directMessageRefusedByThePeerExitsWithThePeersCode() {
        try (TestNode bob = TestNode.start(tmp, "bob")) {
            // alice's endpoint is a public name: she calls bob on loopback only because peer_networks says so
            Cli cli = swarm.with("SWARM_CA_FILE", TestCa.get().caFile().toString())
                    .with("SWARM_PEER_NETWORKS", "public,loopback");
            initAlice();
            String swarmId = cli.json("create", "--name", "team").path("swarm_id").asText();
            NodeState.write(home, store -> store.members().upsert(NodeState.member(swarmId, "bob", bob.endpoint(),
                    bob.identity().publicKeyBase64())));

            JsonNode error = assertFailure(cli, ExitCodes.NOT_FOUND, "SWARM_NOT_FOUND", "send", "--to", "bob",
                    "-m", "bob does not know this swarm");

            assertThat(error.path("error").path("details").path("swarm_id").asText()).isEqualTo(swarmId);
            assertThat(bob.dump().count("inbox")).isZero();
        }
    }

    @Test
    void broadcastThatEveryMemberRefusesIsReportedAsOneErrorWithTheirCommonCode() {
        try (TestNode bob = TestNode.start(tmp, "bob")) {
            // alice's endpoint is a public name: she calls bob on loopback only because peer_networks says so
            Cli cli = swarm.with("SWARM_CA_FILE", TestCa.get().caFile().toString())
                    .with("SWARM_PEER_NETWORKS", "public,loopback");
            initAlice();
            String swarmId = cli.json("create", "--name", "team").path("swarm_id").asText();
            NodeState.write(home, store -> store.members().upsert(NodeState.member(swarmId, "bob", bob.endpoint(),
                    bob.identity().publicKeyBase64())));

            JsonNode error = assertFailure(cli, ExitCodes.NOT_FOUND, "SWARM_NOT_FOUND", "send", "-m",
                    "bob does not know this swarm");
            assertThat(error.at("/error/details/deliveries")).hasSize(1);
            assertThat(error.at("/error/details/message_id").asText()).isNotBlank();
        }
    }

    @Test
    void broadcastRefusedForDifferentReasonsIsOnePeerErrorListingEachDelivery() {
        try (TestNode bob = TestNode.start(tmp, "bob")) {
            // alice's endpoint is a public name: she calls bob on loopback only because peer_networks says so
            Cli cli = swarm.with("SWARM_CA_FILE", TestCa.get().caFile().toString())
                    .with("SWARM_PEER_NETWORKS", "public,loopback");
            initAlice();
            String swarmId = cli.json("create", "--name", "team").path("swarm_id").asText();
            NodeState.write(home, store -> {
                store.members().upsert(NodeState.member(swarmId, "bob", bob.endpoint(),
                        bob.identity().publicKeyBase64()));
                // carol's endpoint is plain http on a public name: this node refuses to call it
                store.members().upsert(NodeState.member(swarmId, "carol", "http://carol.example/swarm",
                        NodeState.newKey()));
            });

            JsonNode error = assertFailure(cli, ExitCodes.NETWORK, "PEER_PROTOCOL_ERROR", "send", "-m", "nobody");
            assertThat(error.at("/error/details/deliveries")).hasSize(2);
            assertThat(error.at("/error/message").asText()).contains("bob").contains("carol");
        }
    }

    // Every command has --json.

    static CommandLine model() {
        return Main.commandLine(SwarmCommand.SUBCOMMANDS, new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                try {
                    Constructor<K> constructor = type.getDeclaredConstructor(CliContext.class);
                    return constructor.newInstance((CliContext) null);
                } catch (NoSuchMethodException e) {
                    return CommandLine.defaultFactory().create(type);
                }
            }
        });
    }

    /**
     * Every command a person runs. Not {@code help} (it prints help, nothing else) nor {@code hook}
     * (what it prints is the calling agent's own hook format, and nothing at all when it fails).
     */
    static Stream<String> commands() {
        return model().getSubcommands().keySet().stream().filter(name -> !WITHOUT_JSON.contains(name));
    }

    private static final List<String> WITHOUT_JSON = List.of("help", "hook");

    /** Commands that exit 1 with their own report when what they check fails ({@code swarm doctor}). */
    private static final List<String> REPORTS_FAILURE = List.of("doctor");

    @Test
    void everyCommandListedByHelpHasAJsonOption() {
        String help = swarm.ok("--help").out();
        List<String> listed = help.substring(help.indexOf("Commands:")).lines().skip(1)
                .takeWhile(line -> !line.isBlank())
                .filter(line -> line.matches("  \\S.*"))
                .map(line -> line.strip().split("\\s+")[0]).toList();
        Map<String, CommandLine> subcommands = model().getSubcommands();

        assertThat(listed).hasSizeGreaterThanOrEqualTo(13).containsExactlyInAnyOrderElementsOf(subcommands.keySet());
        assertThat(listed).filteredOn(name -> !WITHOUT_JSON.contains(name)).allSatisfy(name -> assertThat(subcommands.get(name).getCommandSpec().findOption("--json"))
                .as("swarm %s --json", name).isNotNull());
    }

    @ParameterizedTest
    @MethodSource("commands")
    void everyCommandWithJsonPrintsExactlyOneJsonDocumentEvenWhenItFails(String command) {
        Cli.Result result = swarm.run(command, "--json");

        JsonNode document = result.json();
        if (REPORTS_FAILURE.contains(command) && result.exit() == ExitCodes.GENERAL) {
            // its failure is the report itself (a check failed here: nothing is set up), not an error
            Schemas.assertValid("cli/" + command + ".schema.json", result.out());
        } else if (result.exit() != 0) {
            assertErrorShape(document);
        }
    }
}

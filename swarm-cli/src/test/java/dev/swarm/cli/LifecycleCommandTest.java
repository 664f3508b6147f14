package dev.swarm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.crypto.Ed25519;
import dev.swarm.node.error.ErrorCode.ExitCodes;
import dev.swarm.node.identity.SwarmHome;
import dev.swarm.node.protocol.ProtocolVersion;
import dev.swarm.node.state.Member;
import dev.swarm.node.support.DbDump;
import dev.swarm.node.support.Schemas;
import dev.swarm.node.support.Vectors;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The commands that cannot be undone ask first at a terminal, never ask a script, and then insist on
 * {@code --yes}; a refusal changes nothing. alice is master of "build-team" (with bob in its member
 * list) and an ordinary member of maria's "their-team"; no peer is reachable, and none needs to be.
 */
class LifecycleCommandTest {
    private static final String OURS = "660e8400-e29b-41d4-a716-446655440001";
    private static final String THEIRS = "770e8400-e29b-41d4-a716-446655440002";
    private static final String BOB_KEY = Vectors.publicKeyBase64();

    @TempDir
    Path tmp;

    private Path home;
    private Cli swarm;
    private String inviteId;

    @BeforeEach
    void setUp() {
        home = tmp.resolve("alice");
        swarm = Cli.home(home);
        swarm.ok("init", "--agent-id", "alice", "--endpoint", "https://alice.example.com/swarm");
        // alice's own key: one public key belongs to one member of a swarm
        String aliceKey = ownKey();
        NodeState.write(home, store -> {
            store.swarms().insert(NodeState.swarm(OURS, "build-team", "alice"));
            store.members().upsert(NodeState.member(OURS, "alice", "https://alice.example.com/swarm", aliceKey));
            store.members().upsert(new Member(OURS, "bob", "https://bob.example.com/swarm", BOB_KEY,
                    List.of(ProtocolVersion.ENVELOPE_SIGNATURE_V1), NodeState.AT));
            store.swarms().insert(NodeState.swarm(THEIRS, "their-team", "maria"));
            store.members().upsert(NodeState.member(THEIRS, "maria", "https://maria.example.com/swarm", BOB_KEY));
        });
        inviteId = swarm.json("invite", "--swarm", OURS).get("invite_id").asText();
    }

    @ParameterizedTest
    @ValueSource(strings = {"leave --swarm " + THEIRS, "kick --swarm " + OURS + " --agent bob",
        "transfer --swarm " + OURS + " --to bob", "dissolve --swarm " + OURS, "invite revoke INVITE"})
    void withoutATerminalACommandThatCannotBeUndoneNeedsYesAndChangesNothingWithout(String line) {
        String[] args = line.replace("INVITE", inviteId).split(" ");
        DbDump before = dump();

        Cli.Result plain = swarm.run(args);
        Cli.Result json = swarm.run(withJson(args));

        assertThat(plain.exit()).as("exit of %s: %s", line, plain.err()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(plain.err()).contains("--yes");
        assertThat(json.exit()).isEqualTo(ExitCodes.INVALID_INPUT);
        Schemas.assertValid("cli/error.schema.json", json.out());
        assertThat(json.json().path("error").path("code").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(json.json().path("error").path("message").asText()).contains("--yes");
        assertThat(dump()).isEqualTo(before);
    }

    @Test
    void withJsonACommandIsNeverAskedEvenAtATerminal() {
        DbDump before = dump();

        Cli.Result result = swarm.atTerminal("y\n", "dissolve", "--swarm", OURS, "--json");

        assertThat(result.exit()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err()).doesNotContain("[y/N]");
        assertThat(dump()).isEqualTo(before);
    }

    @Test
    void atATerminalAnAnswerOtherThanYesCancelsAndChangesNothing() {
        DbDump before = dump();

        Cli.Result declined = swarm.atTerminal("n\n", "invite", "revoke", inviteId);

        assertThat(declined.exit()).isEqualTo(ExitCodes.GENERAL);
        assertThat(declined.err()).contains("Revoke invite " + inviteId).contains("[y/N]").contains("Cancelled");
        assertThat(declined.out()).isEmpty();
        assertThat(dump()).isEqualTo(before);
    }

    @Test
    void atATerminalAnsweringYesGoesAhead() {
        Cli.Result confirmed = swarm.atTerminal("yes\n", "invite", "revoke", inviteId);

        assertThat(confirmed.exit()).as(confirmed.err()).isZero();
        assertThat(confirmed.out()).contains("Revoked invite " + inviteId);
        JsonNode listed = swarm.json("invite", "list", "--swarm", OURS).get("invites").get(0);
        assertThat(listed.get("status").asText()).isEqualTo("revoked");
        assertThat(listed.get("revoked_at").asText()).isNotBlank();
    }

    @Test
    void theMasterCannotLeaveAndIsToldToTransferOrDissolve() {
        DbDump before = dump();

        Cli.Result result = swarm.run("leave", "--swarm", OURS, "--yes", "--json");

        assertThat(result.exit()).isEqualTo(ExitCodes.AUTH);
        JsonNode error = result.json().path("error");
        assertThat(error.path("code").asText()).isEqualTo("NOT_AUTHORIZED");
        assertThat(error.path("message").asText()).contains("swarm transfer --to AGENT").contains("swarm dissolve");
        assertThat(dump()).isEqualTo(before);
    }

    @Test
    void onlyTheMasterKicksDissolvesTransfersOrRevokes() {
        DbDump before = dump();

        for (String[] args : List.of(new String[] {"kick", "--swarm", THEIRS, "--agent", "maria", "--yes"},
                new String[] {"dissolve", "--swarm", THEIRS, "--yes"},
                new String[] {"transfer", "--swarm", THEIRS, "--to", "maria", "--yes"})) {
            Cli.Result result = swarm.run(withJson(args));
            assertThat(result.exit()).as(String.join(" ", args)).isEqualTo(ExitCodes.AUTH);
            assertThat(result.json().path("error").path("code").asText()).isEqualTo("NOT_MASTER");
        }
        assertThat(dump()).isEqualTo(before);
    }

    @Test
    void aTransferToAMemberWhoseNodeDidNotAnnounceTheExtensionIsRefusedBeforeAnythingIsSent() {
        NodeState.write(home, store -> store.members().upsert(NodeState.member(OURS, "py",
                "https://py.example.com/swarm", NodeState.newKey())));
        DbDump before = dump();

        Cli.Result result = swarm.run("transfer", "--swarm", OURS, "--to", "py", "--yes", "--json");

        assertThat(result.exit()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.json().path("error").path("message").asText()).contains(ProtocolVersion.ENVELOPE_SIGNATURE_V1);
        assertThat(dump()).isEqualTo(before);
    }

    @Test
    void readmitLetsAKickedMemberBackAndIsRefusedForAnAgentThatWasNotRemoved() {
        swarm.ok("kick", "--swarm", OURS, "--agent", "bob", "--yes", "--wait", "0");

        JsonNode readmitted = swarm.json("readmit", "--swarm", OURS, "--agent", "bob");

        Schemas.assertValid("cli/readmit.schema.json", readmitted.toString());
        assertThat(readmitted.get("status").asText()).isEqualTo("readmitted");
        assertThat(dump().rows("removed_members")).isEmpty();
        Cli.Result again = swarm.run("readmit", "--swarm", OURS, "--agent", "bob", "--json");
        assertThat(again.exit()).isEqualTo(ExitCodes.NOT_FOUND);
        Cli.Result notMaster = swarm.run("readmit", "--swarm", THEIRS, "--agent", "bob", "--json");
        assertThat(notMaster.exit()).isEqualTo(ExitCodes.AUTH);
    }

    private String ownKey() {
        try {
            return Ed25519.encode(Ed25519.privateKey(java.nio.file.Files.readAllBytes(new SwarmHome(home).keyFile()))
                    .generatePublicKey());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void rotateKeyShowsItsPlanNeedsYesAndThenReplacesTheKeyAndAnnouncesIt() throws Exception {
        byte[] before = java.nio.file.Files.readAllBytes(new SwarmHome(home).keyFile());

        JsonNode plan = swarm.json("rotate-key", "--dry-run");
        Schemas.assertValid("cli/rotate-key.schema.json", plan.toString());
        assertThat(plan.get("status").asText()).isEqualTo("planned");
        assertThat(plan.get("swarms")).singleElement().satisfies(s -> assertThat(s.get("older_peers"))
                .extracting(JsonNode::asText).containsExactly("bob"));
        assertThat(swarm.run("rotate-key", "--json").exit()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(java.nio.file.Files.readAllBytes(new SwarmHome(home).keyFile())).isEqualTo(before);

        JsonNode rotated = swarm.json("rotate-key", "--yes", "--wait", "0");

        Schemas.assertValid("cli/rotate-key.schema.json", rotated.toString());
        assertThat(rotated.get("status").asText()).isEqualTo("rotated");
        assertThat(java.nio.file.Files.readAllBytes(new SwarmHome(home).keyFile())).isNotEqualTo(before);
        assertThat(dump().rows("members")).filteredOn(row -> "alice".equals(row.get("agent_id")))
                .extracting(row -> row.get("public_key")).containsOnly(rotated.get("new_public_key").asText());
        assertThat(dump().rows("outbox")).extracting(row -> row.get("recipient_id")).containsExactly("bob");
    }

    @Test
    void muteAndUnmuteNeedExactlyOneOfAgentOrSwarm() {
        assertThat(swarm.run("mute", "--json").exit()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(swarm.run("mute", "--agent", "bob", "--swarm", OURS, "--json").exit())
                .isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(swarm.run("mute", "--agent", "not an id", "--json").exit()).isEqualTo(ExitCodes.INVALID_INPUT);

        JsonNode muted = swarm.json("mute", "--agent", "bob", "--reason", "noisy");
        Schemas.assertValid("cli/mute.schema.json", muted.toString());
        JsonNode again = swarm.json("mute", "--agent", "bob");
        assertThat(again.get("created_at").asText()).isEqualTo(muted.get("created_at").asText());
        assertThat(again.get("reason").asText()).as("kept when not given again").isEqualTo("noisy");
        JsonNode status = swarm.json("status");
        assertThat(status.get("muted_agents").asInt()).isEqualTo(1);

        JsonNode unmuted = swarm.json("unmute", "--agent", "bob");
        Schemas.assertValid("cli/unmute.schema.json", unmuted.toString());
        Cli.Result twice = swarm.run("unmute", "--agent", "bob", "--json");
        assertThat(twice.exit()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(swarm.json("status").get("muted_agents").asInt()).isZero();
    }

    private DbDump dump() {
        return DbDump.of(new SwarmHome(home).database());
    }

    private static String[] withJson(String... args) {
        String[] withJson = Arrays.copyOf(args, args.length + 1);
        withJson[args.length] = "--json";
        return withJson;
    }
}

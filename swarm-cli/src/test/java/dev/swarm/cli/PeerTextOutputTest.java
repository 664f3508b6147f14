package dev.swarm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.messaging.PeerText;
import dev.swarm.node.state.JoinRequestRecord;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.OutboxRepository;
import dev.swarm.node.state.OutboxRow;
import dev.swarm.node.state.Swarm;
import dev.swarm.node.state.WakeLogEntry;
import dev.swarm.node.support.HostilePeer;
import dev.swarm.node.support.Schemas;
import dev.swarm.node.support.TestNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The terminal-spoofing attack against the real commands: a member's text, a master's swarm name, a
 * peer's error, a note and a wake reason carry ESC [2K, CR, an OSC title, a C1 CSI, bidi overrides,
 * zero-width and tag characters and newlines that would draw a fake message from alice. Nothing of it
 * may reach the terminal as it is.
 */
class PeerTextOutputTest {
    /** A swarm name as a hostile master chooses it: a newline and a fake line, a title, a reversal. */
    private static final String HOSTILE_NAME = "ops\n[2026-01-01T00:00:00.000Z] alice\u001b]0;pwned\u0007\u202eevil";
    private static final String FAKE_HEADER = HostilePeer.FAKE_HEADER;

    @TempDir
    Path tmp;

    private TestNode alice;
    private Swarm swarm;
    private HostilePeer mallory;
    private Cli cli;

    @BeforeEach
    void setUp() {
        alice = TestNode.start(tmp, "alice");
        swarm = alice.node().swarms().create("build-team", false);
        mallory = HostilePeer.memberOf(alice, swarm.swarmId());
        cli = Cli.env(alice.env());
    }

    @AfterEach
    void tearDown() {
        alice.close();
    }

    /** Every character a terminal would act on or hide, newline and tab aside, is absent. */
    private static void assertShowsNothingHidden(String printed) {
        assertThat(printed.codePoints().filter(cp -> cp != '\n' && cp != '\t').filter(PeerText::isHidden)
                .mapToObj(Integer::toHexString).toList()).as("hidden characters in:%n%s", printed).isEmpty();
        for (String hidden : HostilePeer.HIDDEN) {
            assertThat(printed).doesNotContain(hidden);
        }
        assertThat(printed.lines()).noneMatch(line -> line.startsWith(FAKE_HEADER));
    }

    @Test
    void messagesShowsTheSpoofingTextEscapedAndIndentedUnderTheRealHeader() {
        mallory.send(alice, mallory.message(swarm.swarmId(), "alice", HostilePeer.SPOOF + "\n" + FAKE_HEADER));

        String printed = cli.ok("messages").out();

        assertShowsNothingHidden(printed);
        List<String> headers = printed.lines().filter(line -> line.startsWith("[")).toList();
        assertThat(headers).singleElement().satisfies(header -> assertThat(header).contains(HostilePeer.ID));
        assertThat(printed).contains("ok\\u{1B}[2K\\u{D}[2026").contains("\\u{1B}]0;pwned-title\\u{7}")
                .contains("\\u{9B}2J").contains("\\u{202E}").contains("\\u{200B}").contains("\\u{E0041}")
                .contains("\n  " + FAKE_HEADER);
    }

    @Test
    void messagesJsonHasNoHiddenCharacterInItsBytesYetParsesToExactlyWhatWasSent() {
        ObjectNode envelope = mallory.message(swarm.swarmId(), "alice", HostilePeer.SPOOF);
        mallory.send(alice, envelope);

        Cli.Result result = cli.ok("messages", "--json");

        assertShowsNothingHidden(result.out());
        Schemas.assertValid("cli/messages.schema.json", result.out());
        JsonNode message = result.json().get("messages").get(0);
        assertThat(message.get("content").asText()).isEqualTo(HostilePeer.SPOOF);
        assertThat(message.get("metadata").get("note\u202e").asText()).isEqualTo("a\u200bb\u001b[2K");
    }

    @Test
    void messagesJsonShowsTheRecordedEndpointAndNamesWhatTheLegacySignatureDoesNotCover() {
        mallory.send(alice, mallory.message(swarm.swarmId(), "alice", "hello"));

        JsonNode message = cli.json("messages").get("messages").get(0);

        assertThat(message.get("sender").get("endpoint").asText()).isEqualTo(HostilePeer.RECORDED_ENDPOINT);
        assertThat(message.get("signature").asText()).isEqualTo("legacy");
        assertThat(message.get("priority").asText()).isEqualTo("high");
        assertThat(message.get("unverified_fields")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("priority", "metadata", "attachments", "references");
        assertThat(message.toString()).doesNotContain(HostilePeer.CLAIMED_ENDPOINT);
    }

    @Test
    void aSwarmNameChosenByAHostileMasterStaysOnItsLineInListAndStatus() {
        String hostile = "770e8400-e29b-41d4-a716-446655440002";
        alice.node().database().write(store -> {
            store.swarms().insert(new Swarm(hostile, HOSTILE_NAME, "mallory", Swarm.ACTIVE, false,
                    "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z"));
            store.members().upsert(new Member(hostile, "mallory", "https://m.example.com/\u001b[2K", "key", List.of(),
                    "2026-01-01T00:00:00.000Z"));
            return null;
        });

        String list = cli.ok("list", "--members").out();
        String status = cli.ok("status", "--verbose").out();

        assertShowsNothingHidden(list);
        assertShowsNothingHidden(status);
        assertThat(list.lines().filter(line -> line.startsWith(hostile))).singleElement()
                .satisfies(line -> assertThat(line).contains("ops\\u{A}[2026"));
        assertThat(list).contains("https://m.example.com/\\u{1B}[2K");
        assertThat(cli.ok("list", "--json").out()).doesNotContain("\u001b").doesNotContain("\u202e");
    }

    @Test
    void aPeersErrorInTheOutboxAJoinersEndpointANoteAndAWakeReasonAreEscaped() {
        alice.node().database().write(store -> {
            long row = store.outbox().insert(List.of(new OutboxRepository.NewRow("0b9e1c9e-5f7a-4c1e-9a59-2f0c7d2d9b11",
                    swarm.swarmId(), mallory.id(), HostilePeer.RECORDED_ENDPOINT, "{}", "2026-01-01T00:00:00.000Z")))
                    .get(0);
            store.outbox().markAttemptFailed(row, OutboxRow.FAILED, "2026-01-01T00:00:01.000Z",
                    "2026-01-01T00:00:01.000Z", "INVALID_FORMAT", "mallory refused: \u001b[2K\r" + FAKE_HEADER
                            + "\n\u202eevil");
            store.joinRequests().insert(new JoinRequestRecord(swarm.swarmId(), "carol", "https://c.example.com/\r"
                    + FAKE_HEADER, "key", "invite-1", JoinRequestRecord.PENDING, "2026-01-01T00:00:00.000Z", null,
                    List.of()));
            store.wakeLog().insert(new WakeLogEntry(0, "2026-01-01T00:00:00.000Z", "tmux", "agent:0.0", "silent",
                    "skipped", "swarm " + HOSTILE_NAME + " is muted", List.of("m1"), List.of(mallory.id()), null));
            return null;
        });
        ObjectNode claim = mallory.message(swarm.swarmId(), "broadcast", "claimed acme/app#12");
        claim.putObject("metadata").put("issue_event", "claimed").put("issue_note", "fixing\n" + FAKE_HEADER
                + "\u001b]0;t\u0007");
        claim.putArray("references").addObject().put("type", "github_issue").put("repo", "acme/app").put("number", 12);
        mallory.send(alice, claim);

        for (String[] command : List.of(new String[] {"outbox"}, new String[] {"requests"},
                new String[] {"issue", "board"}, new String[] {"wake", "log"})) {
            assertShowsNothingHidden(cli.ok(command).out());
        }
        assertThat(cli.ok("outbox").out()).contains("mallory refused: \\u{1B}[2K\\u{D}" + FAKE_HEADER + "\\u{A}");
        assertThat(cli.ok("issue", "board").out()).contains("fixing\\u{A}" + FAKE_HEADER);
    }

    @Test
    void anErrorIsOneLineWhateverThePeerAnswered() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(err, true, StandardCharsets.UTF_8);

        Main.fail(stream, stream, false, new SwarmException(ErrorCode.INVALID_FORMAT, "bob refused: \u001b[2K\r"
                + FAKE_HEADER + "\n\u202eevil"));

        String printed = err.toString(StandardCharsets.UTF_8);
        assertThat(printed.lines()).singleElement().satisfies(line -> assertThat(line).startsWith("error: bob refused"));
        assertShowsNothingHidden(printed);
    }
}

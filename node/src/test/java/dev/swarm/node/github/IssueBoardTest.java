package dev.swarm.node.github;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IssueBoardTest {
    private static final IssueKey ISSUE = new IssueKey("acme/app", 12);
    private static final Set<String> MEMBERS = Set.of("alice", "bob", "carol");

    private static IssueBoard.Event event(String id, String sender, String at, String kind) {
        return new IssueBoard.Event(id, sender, "2026-11-21T10:00:" + at + ".000Z", ISSUE, kind, null);
    }

    private static IssueBoard.Entry only(List<IssueBoard.Event> events, Set<String> members) {
        List<IssueBoard.Entry> board = IssueBoard.compute(events, members);
        assertThat(board).hasSize(1);
        return board.get(0);
    }

    @Test
    void theEarlierClaimWinsAndTheLaterOneIsAConflictWhateverTheOrderOfArrival() {
        List<IssueBoard.Event> events = new ArrayList<>(List.of(event("m1", "carol", "05", "claimed"),
                event("m2", "bob", "03", "claimed"), event("m3", "alice", "09", "other")));
        IssueBoard.Entry reference = only(events, MEMBERS);
        Random random = new Random(42);
        for (int i = 0; i < 20; i++) {
            Collections.shuffle(events, random);
            assertThat(IssueBoard.compute(events, MEMBERS)).containsExactly(reference);
        }
        assertThat(reference.state()).isEqualTo(IssueBoard.CLAIMED);
        assertThat(reference.owner()).isEqualTo("bob");
        assertThat(reference.since()).isEqualTo("2026-11-21T10:00:03.000Z");
        assertThat(reference.conflicts()).containsExactly(new IssueBoard.Conflict("carol", "m1", "bob",
                "2026-11-21T10:00:05.000Z"));
        assertThat(reference.messages()).containsExactly("m2", "m1", "m3");
    }

    @Test
    void claimsAtTheSameMomentAreDecidedByAgentId() {
        IssueBoard.Entry entry = only(List.of(event("z", "carol", "05", "claimed"), event("a", "bob", "05", "claimed")),
                MEMBERS);
        assertThat(entry.owner()).isEqualTo("bob");
        assertThat(entry.conflicts()).extracting(IssueBoard.Conflict::loser).containsExactly("carol");
    }

    @Test
    void onlyTheOwnerReleasesOrUnblocksAndAnyoneMayMarkItDone() {
        assertThat(only(List.of(event("1", "bob", "01", "claimed"), event("2", "carol", "02", "released")), MEMBERS)
                .owner()).isEqualTo("bob");
        IssueBoard.Entry released = only(List.of(event("1", "bob", "01", "claimed"), event("2", "bob", "02", "released"),
                event("3", "carol", "03", "claimed")), MEMBERS);
        assertThat(released.owner()).isEqualTo("carol");
        assertThat(released.conflicts()).isEmpty();
        IssueBoard.Entry blocked = only(List.of(event("1", "bob", "01", "claimed"), event("2", "bob", "02", "blocked"),
                event("3", "carol", "03", "unblocked")), MEMBERS);
        assertThat(blocked.state()).isEqualTo(IssueBoard.BLOCKED);
        IssueBoard.Entry unblocked = only(List.of(event("1", "bob", "01", "claimed"), event("2", "bob", "02", "blocked"),
                event("3", "bob", "03", "unblocked")), MEMBERS);
        assertThat(unblocked.state()).isEqualTo(IssueBoard.CLAIMED);
        IssueBoard.Entry done = only(List.of(event("1", "bob", "01", "claimed"), event("2", "alice", "02", "completed")),
                MEMBERS);
        assertThat(done.state()).isEqualTo(IssueBoard.DONE);
        assertThat(done.owner()).isEqualTo("alice");
    }

    @Test
    void theClaimOfAnAgentThatLeftLapses() {
        IssueBoard.Entry entry = only(List.of(event("1", "dave", "01", "claimed")), MEMBERS);
        assertThat(entry.state()).isEqualTo(IssueBoard.OPEN);
        assertThat(entry.owner()).isNull();
        assertThat(entry.lapsed()).isEqualTo("dave");
    }

    @Test
    void issuesAreListedInOrderOfRepositoryAndNumber() {
        List<IssueBoard.Event> events = List.of(
                new IssueBoard.Event("1", "bob", "2026-11-21T10:00:00.000Z", new IssueKey("acme/web", 3), "claimed", null),
                new IssueBoard.Event("2", "bob", "2026-11-21T10:00:00.000Z", new IssueKey("acme/app", 20), "claimed", null),
                new IssueBoard.Event("3", "bob", "2026-11-21T10:00:00.000Z", new IssueKey("acme/app", 3), "claimed", null));
        assertThat(IssueBoard.compute(events, MEMBERS)).extracting(IssueBoard.Entry::issue)
                .containsExactly("acme/app#3", "acme/app#20", "acme/web#3");
    }
}

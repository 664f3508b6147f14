package dev.swarm.node.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarm.node.coordination.Position;
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
        return only(events, members, false);
    }

    private static IssueBoard.Entry only(List<IssueBoard.Event> events, Set<String> members, boolean acknowledging) {
        List<IssueBoard.Entry> board = IssueBoard.compute(events, members, acknowledging);
        assertThat(board).hasSize(1);
        return board.get(0);
    }

    @Test
    void withAnOlderMasterTheEarlierClaimWinsAndTheLaterOneIsAConflictWhateverTheOrderOfArrival() {
        List<IssueBoard.Event> events = new ArrayList<>(List.of(event("m1", "carol", "05", "claimed"),
                event("m2", "bob", "03", "claimed"), event("m3", "alice", "09", "other")));
        IssueBoard.Entry reference = only(events, MEMBERS);
        Random random = new Random(42);
        for (int i = 0; i < 20; i++) {
            Collections.shuffle(events, random);
            assertThat(IssueBoard.compute(events, MEMBERS, false)).containsExactly(reference);
        }
        assertThat(reference.state()).isEqualTo(IssueBoard.CLAIMED);
        assertThat(reference.owner()).isEqualTo("bob");
        assertThat(reference.since()).isEqualTo("2026-11-21T10:00:03.000Z");
        assertThat(reference.conflicts()).containsExactly(new IssueBoard.Conflict("carol", "m1", "bob", "m2",
                "2026-11-21T10:00:05.000Z", true));
        assertThat(reference.messages()).containsExactly("m2", "m1", "m3");
    }

    private static final String EPOCH = "2026-11-20T08:00:00.000Z";

    private static IssueBoard.Event acked(IssueBoard.Event event, long seq) {
        return event.withPosition(new Position(EPOCH, seq));
    }

    @Test
    void theClaimTheMasterAcknowledgedFirstWinsWhateverTimeTheClaimsStateAndInWhateverOrderTheyArrive() {
        // carol says she wrote hers two seconds before bob, but the master saw bob's first
        List<IssueBoard.Event> events = new ArrayList<>(List.of(acked(event("m1", "carol", "03", "claimed"), 2),
                acked(event("m2", "bob", "05", "claimed"), 1), event("m3", "alice", "01", "other")));
        IssueBoard.Entry reference = only(events, MEMBERS, true);
        Random random = new Random(11);
        for (int i = 0; i < 20; i++) {
            Collections.shuffle(events, random);
            assertThat(IssueBoard.compute(events, MEMBERS, true)).containsExactly(reference);
        }
        assertThat(reference.owner()).isEqualTo("bob");
        assertThat(reference.acknowledged()).as("a mention needs no acknowledgement").isTrue();
        assertThat(reference.conflicts()).containsExactly(new IssueBoard.Conflict("carol", "m1", "bob", "m2",
                "2026-11-21T10:00:03.000Z", true));
        assertThat(reference.messages()).containsExactly("m2", "m1", "m3");
    }

    @Test
    void noStatedTimePutsAnUnacknowledgedClaimAheadOfAnAcknowledgedOne() {
        IssueBoard.Event honest = acked(event("m1", "bob", "50", "claimed"), 1);
        IssueBoard.Event backdated = new IssueBoard.Event("m2", "carol", "2026-11-14T10:00:00.000Z", ISSUE, "claimed",
                null);

        IssueBoard.Entry pending = only(List.of(backdated, honest), MEMBERS, true);
        assertThat(pending.owner()).isEqualTo("bob");
        assertThat(pending.acknowledged()).isFalse();
        assertThat(pending.conflicts()).singleElement().satisfies(c -> {
            assertThat(c.loser()).isEqualTo("carol");
            assertThat(c.settled()).as("carol's claim is not acknowledged yet").isFalse();
        });
        IssueBoard.Entry settled = only(List.of(acked(backdated, 2), honest), MEMBERS, true);
        assertThat(settled.owner()).isEqualTo("bob");
        assertThat(settled.acknowledged()).isTrue();
        assertThat(settled.conflicts()).singleElement().extracting(IssueBoard.Conflict::settled).isEqualTo(true);
    }

    @Test
    void aLossInTheTentativeOrderIsNotSettledAndTheAcknowledgementsDecide() {
        // neither claim acknowledged: carol's stated time puts her first, for now
        IssueBoard.Event bobs = event("m1", "bob", "05", "claimed");
        IssueBoard.Event carols = event("m2", "carol", "01", "claimed");
        IssueBoard.Entry tentative = only(List.of(bobs, carols), MEMBERS, true);
        assertThat(tentative.owner()).isEqualTo("carol");
        assertThat(tentative.conflicts()).singleElement().satisfies(c -> {
            assertThat(c.loser()).isEqualTo("bob");
            assertThat(c.settled()).isFalse();
        });
        // bob's alone acknowledged: bob's claim comes first, and carol's loss waits for hers
        IssueBoard.Entry half = only(List.of(acked(bobs, 1), carols), MEMBERS, true);
        assertThat(half.owner()).isEqualTo("bob");
        assertThat(half.conflicts()).singleElement().extracting(IssueBoard.Conflict::settled).isEqualTo(false);
        // an event acknowledged in a later master's epoch comes after every one of an earlier epoch
        IssueBoard.Entry epochs = only(List.of(bobs.withPosition(new Position("2026-11-21T00:00:00.000Z", 1)),
                acked(carols, 7)), MEMBERS, true);
        assertThat(epochs.owner()).isEqualTo("carol");
        assertThat(epochs.conflicts()).singleElement().satisfies(c -> {
            assertThat(c.loser()).isEqualTo("bob");
            assertThat(c.winnerMessageId()).isEqualTo("m2");
            assertThat(c.settled()).isTrue();
        });
    }

    @Test
    void anUnacknowledgedEventIsOrderedByItsOrderingTimeAndShownWithTheTimeItStates() {
        // carol says 10:00:01, but joined later: she is ordered as of her join, after bob
        IssueBoard.Event carols = event("m1", "carol", "01", "claimed").withOrderAt("2026-11-21T10:00:30.000Z");
        IssueBoard.Entry entry = only(List.of(carols, event("m2", "bob", "20", "claimed")), MEMBERS, false);
        assertThat(entry.owner()).isEqualTo("bob");
        assertThat(entry.conflicts()).singleElement().extracting(IssueBoard.Conflict::at)
                .isEqualTo("2026-11-21T10:00:01.000Z");
    }

    @Test
    void withAnOlderMasterNothingIsAcknowledgedAndTheOrderByTimeIsFinal() {
        IssueBoard.Entry entry = only(List.of(event("m1", "bob", "05", "claimed"),
                event("m2", "carol", "01", "claimed")), MEMBERS, false);
        assertThat(entry.acknowledged()).isFalse();
        assertThat(entry.conflicts()).singleElement().extracting(IssueBoard.Conflict::settled).isEqualTo(true);
    }

    @Test
    void theWinnerOfAConflictIsTheClaimThatMadeTheOwnerEvenAfterTheOwnerBlockedIt() {
        IssueBoard.Entry entry = only(List.of(acked(event("m1", "bob", "01", "claimed"), 1),
                acked(event("m2", "bob", "02", "blocked"), 2), acked(event("m3", "carol", "03", "claimed"), 3)),
                MEMBERS, true);
        assertThat(entry.state()).isEqualTo(IssueBoard.BLOCKED);
        assertThat(entry.since()).isEqualTo("2026-11-21T10:00:02.000Z");
        assertThat(entry.conflicts()).singleElement().extracting(IssueBoard.Conflict::winnerMessageId).isEqualTo("m1");
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
        assertThat(IssueBoard.compute(events, MEMBERS, false)).extracting(IssueBoard.Entry::issue)
                .containsExactly("acme/app#3", "acme/app#20", "acme/web#3");
    }
}

package dev.swarm.node.lease;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarm.node.coordination.Position;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LeaseTableTest {
    private static final String EPOCH = "2026-02-01T08:00:00.000Z";
    private static final Instant NOW = Instant.parse("2026-02-01T10:30:00Z");
    private static final Set<String> MEMBERS = Set.of("alice", "bob", "carol");

    private static LeaseEvent take(String holder, String at, String mode, String expires, String... globs) {
        String id = UUID.randomUUID().toString();
        return new LeaseEvent(id, holder, at, LeaseEvent.Kind.TAKEN, id, "octo/widgets",
                LeaseEvent.Mode.fromWire(mode).orElseThrow(), List.of(globs), expires, null, at);
    }

    private static LeaseEvent renew(LeaseEvent lease, String sender, String at, String expires) {
        String id = UUID.randomUUID().toString();
        return new LeaseEvent(id, sender, at, LeaseEvent.Kind.RENEWED, lease.leaseId(), null, null, List.of(), expires,
                null, at);
    }

    private static LeaseEvent release(LeaseEvent lease, String sender, String at) {
        String id = UUID.randomUUID().toString();
        return new LeaseEvent(id, sender, at, LeaseEvent.Kind.RELEASED, lease.leaseId(), null, null, List.of(), null,
                null, at);
    }

    private static LeaseTable.Lease lease(List<LeaseTable.Lease> table, LeaseEvent taken) {
        return table.stream().filter(l -> l.leaseId().equals(taken.leaseId())).findFirst().orElseThrow();
    }

    @Test
    void theLeaseTheMasterAcknowledgedFirstWinsWhateverTimesTheTakesState() {
        LeaseEvent early = take("alice", "2026-02-01T10:00:00.000Z", "exclusive", "2026-02-01T11:00:00.000Z", "src/**")
                .withPosition(new Position(EPOCH, 2));
        LeaseEvent late = take("bob", "2026-02-01T10:05:00.000Z", "exclusive", "2026-02-01T11:00:00.000Z",
                "src/main/*.java").withPosition(new Position(EPOCH, 1));

        List<LeaseTable.Lease> table = LeaseTable.compute(List.of(early, late), MEMBERS, true, NOW);

        assertThat(lease(table, late).status()).isEqualTo(LeaseTable.ACTIVE);
        assertThat(lease(table, early).status()).isEqualTo(LeaseTable.REFUSED);
        assertThat(lease(table, early).conflict()).isEqualTo(new LeaseTable.Conflict(late.leaseId(), "bob", true));
        assertThat(lease(table, late).acknowledged()).isTrue();
    }

    @Test
    void beforeAcknowledgementTheStatedTimeOrdersTentativelyAndTheConflictIsNotSettled() {
        LeaseEvent acked = take("carol", "2026-02-01T10:10:00.000Z", "exclusive", "2026-02-01T11:00:00.000Z", "lib/**")
                .withPosition(new Position(EPOCH, 1));
        LeaseEvent first = take("alice", "2026-02-01T10:00:00.000Z", "exclusive", "2026-02-01T11:00:00.000Z", "src/**");
        LeaseEvent second = take("bob", "2026-02-01T10:01:00.000Z", "exclusive", "2026-02-01T11:00:00.000Z", "src/a");
        LeaseEvent backdated = take("bob", "2026-02-01T09:00:00.000Z", "exclusive", "2026-02-01T11:00:00.000Z",
                "lib/x");

        List<LeaseTable.Lease> table = LeaseTable.compute(List.of(second, backdated, first, acked), MEMBERS, true, NOW);

        assertThat(lease(table, first).status()).isEqualTo(LeaseTable.ACTIVE);
        assertThat(lease(table, first).acknowledged()).isFalse();
        assertThat(lease(table, second).status()).isEqualTo(LeaseTable.REFUSED);
        assertThat(lease(table, second).conflict().settled()).isFalse();
        assertThat(lease(table, backdated).status()).as("no stated time goes before an acknowledged take")
                .isEqualTo(LeaseTable.REFUSED);
        assertThat(lease(table, backdated).conflict().holder()).isEqualTo("carol");
    }

    @Test
    void sharedLeasesLiveTogetherButNotWithAnExclusiveOne() {
        LeaseEvent a = take("alice", "2026-02-01T10:00:00.000Z", "shared", "2026-02-01T11:00:00.000Z", "docs/**");
        LeaseEvent b = take("bob", "2026-02-01T10:01:00.000Z", "shared", "2026-02-01T11:00:00.000Z", "docs/*.md");
        LeaseEvent c = take("carol", "2026-02-01T10:02:00.000Z", "exclusive", "2026-02-01T11:00:00.000Z", "docs/a.md");
        LeaseEvent mine = take("alice", "2026-02-01T10:03:00.000Z", "exclusive", "2026-02-01T11:00:00.000Z",
                "docs/b.md");

        List<LeaseTable.Lease> table = LeaseTable.compute(List.of(a, b, c, mine), MEMBERS, false, NOW);

        assertThat(lease(table, b).status()).isEqualTo(LeaseTable.ACTIVE);
        assertThat(lease(table, c).status()).isEqualTo(LeaseTable.REFUSED);
        assertThat(lease(table, c).conflict().settled()).as("a master that does not acknowledge: time is final")
                .isTrue();
        assertThat(lease(table, mine).status()).as("bob's shared lease still excludes alice's exclusive one")
                .isEqualTo(LeaseTable.REFUSED);
        assertThat(lease(table, mine).conflict().holder()).isEqualTo("bob");
    }

    @Test
    void anAgentsOwnLeasesNeverConflictAndOtherRepositoriesAreApart() {
        LeaseEvent a = take("alice", "2026-02-01T10:00:00.000Z", "exclusive", "2026-02-01T11:00:00.000Z", "src/**");
        LeaseEvent again = take("alice", "2026-02-01T10:01:00.000Z", "exclusive", "2026-02-01T11:00:00.000Z", "src/a");
        LeaseEvent other = new LeaseEvent("m-1", "bob", "2026-02-01T10:02:00.000Z", LeaseEvent.Kind.TAKEN, "m-1",
                "octo/gadgets", LeaseEvent.Mode.EXCLUSIVE, List.of("src/**"), "2026-02-01T11:00:00.000Z", null, null);

        List<LeaseTable.Lease> table = LeaseTable.compute(List.of(a, again, other), MEMBERS, true, NOW);

        assertThat(table).extracting(LeaseTable.Lease::status).containsOnly(LeaseTable.ACTIVE);
    }

    @Test
    void aLeaseExpiredByTheTimeALaterTakeWasWrittenDoesNotBlockItAndCannotBeRenewedAfter() {
        LeaseEvent old = take("alice", "2026-02-01T09:00:00.000Z", "exclusive", "2026-02-01T09:30:00.000Z", "src/**");
        LeaseEvent later = take("bob", "2026-02-01T09:45:00.000Z", "exclusive", "2026-02-01T11:00:00.000Z", "src/a");
        LeaseEvent lateRenewal = renew(old, "alice", "2026-02-01T09:20:00.000Z", "2026-02-01T12:00:00.000Z")
                .withPosition(new Position(EPOCH, 9));

        List<LeaseTable.Lease> table = LeaseTable.compute(List.of(old.withPosition(new Position(EPOCH, 1)),
                later.withPosition(new Position(EPOCH, 2)), lateRenewal), MEMBERS, true, NOW);

        assertThat(lease(table, later).status()).isEqualTo(LeaseTable.ACTIVE);
        assertThat(lease(table, old).status()).isEqualTo(LeaseTable.EXPIRED);
        assertThat(lease(table, old).expiresAt()).as("the renewal came after bob took the paths")
                .isEqualTo("2026-02-01T09:30:00.000Z");
    }

    @Test
    void theHolderRenewsAndReleasesWhileAnotherMembersRenewalOrReleaseChangesNothing() {
        LeaseEvent a = take("alice", "2026-02-01T10:00:00.000Z", "exclusive", "2026-02-01T10:20:00.000Z", "src/**");
        LeaseEvent renewed = renew(a, "alice", "2026-02-01T10:15:00.000Z", "2026-02-01T11:15:00.000Z");
        LeaseEvent foreignRenewal = renew(a, "bob", "2026-02-01T10:16:00.000Z", "2026-02-01T10:17:00.000Z");
        LeaseEvent foreignRelease = release(a, "bob", "2026-02-01T10:17:00.000Z");

        List<LeaseTable.Lease> held = LeaseTable.compute(List.of(a, renewed, foreignRenewal, foreignRelease), MEMBERS,
                true, NOW);
        assertThat(lease(held, a).status()).as("renewed past 10:20, and bob cannot end it")
                .isEqualTo(LeaseTable.ACTIVE);
        assertThat(lease(held, a).expiresAt()).isEqualTo("2026-02-01T11:15:00.000Z");

        LeaseEvent released = release(a, "alice", "2026-02-01T10:18:00.000Z");
        List<LeaseTable.Lease> after = LeaseTable.compute(List.of(a, renewed, released), MEMBERS, true, NOW);
        assertThat(lease(after, a).status()).isEqualTo(LeaseTable.RELEASED);
    }

    @Test
    void aLeaseStopsAtItsExpiryWhenNotRenewedAndLapsesWhenItsHolderIsNoLongerAMember() {
        LeaseEvent a = take("alice", "2026-02-01T10:00:00.000Z", "exclusive", "2026-02-01T10:20:00.000Z", "src/**");
        LeaseEvent gone = take("dave", "2026-02-01T10:00:00.000Z", "exclusive", "2026-02-01T11:20:00.000Z", "lib/**");
        LeaseEvent after = take("bob", "2026-02-01T10:01:00.000Z", "exclusive", "2026-02-01T11:20:00.000Z", "lib/x");

        List<LeaseTable.Lease> table = LeaseTable.compute(List.of(a, gone, after), MEMBERS, true, NOW);

        assertThat(lease(table, a).status()).isEqualTo(LeaseTable.EXPIRED);
        assertThat(lease(table, gone).status()).isEqualTo(LeaseTable.LAPSED);
        assertThat(lease(table, after).status()).as("a lapsed holder blocks nobody").isEqualTo(LeaseTable.ACTIVE);
        assertThat(LeaseTable.compute(List.of(a), MEMBERS, true, Instant.parse("2026-02-01T10:19:59Z")).get(0).status())
                .isEqualTo(LeaseTable.ACTIVE);
    }

    @Test
    void theSameEventsInAnyOrderOfArrivalGiveTheSameTable() {
        List<LeaseEvent> events = new ArrayList<>();
        String[] holders = {"alice", "bob", "carol"};
        String[] globs = {"src/**", "src/*.java", "docs/**", "docs/a.md", "**/*.md", "lib/x/**", "src/main/**"};
        Random random = new Random(7);
        for (int i = 0; i < 40; i++) {
            String at = String.format("2026-02-01T10:%02d:00.000Z", random.nextInt(60));
            LeaseEvent e = take(holders[random.nextInt(3)], at, random.nextBoolean() ? "exclusive" : "shared",
                    "2026-02-01T12:00:00.000Z", globs[random.nextInt(globs.length)]);
            events.add(random.nextInt(3) == 0 ? e : e.withPosition(new Position(EPOCH, i + 1)));
        }
        List<LeaseTable.Lease> expected = LeaseTable.compute(events, MEMBERS, true, NOW);
        assertThat(expected).extracting(LeaseTable.Lease::status).contains(LeaseTable.ACTIVE, LeaseTable.REFUSED);
        for (int round = 0; round < 20; round++) {
            List<LeaseEvent> shuffled = new ArrayList<>(events);
            Collections.shuffle(shuffled, random);
            assertThat(LeaseTable.compute(shuffled, MEMBERS, true, NOW)).containsExactlyInAnyOrderElementsOf(expected);
        }
    }
}

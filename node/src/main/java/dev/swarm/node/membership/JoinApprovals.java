package dev.swarm.node.membership;

import dev.swarm.node.delivery.Dispatcher;
import dev.swarm.node.messaging.Outbox;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.identity.Identity;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.JoinRequestRecord;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.Swarm;
import java.time.Clock;
import java.util.List;

/**
 * The master's decisions on join requests of {@code require_approval} swarms. An approved agent
 * becomes a member at once and is announced to the others; it learns the member list when it joins
 * again with its token (its node retries waiting joins by itself while {@code swarm serve} runs).
 */
public final class JoinApprovals {
    private static final java.time.Duration ANNOUNCE_WAIT = java.time.Duration.ofSeconds(3);

    private final Database database;
    private final Identity identity;
    private final Announcer announcer;
    private final Dispatcher dispatcher;
    private final MemberDirectory directory;
    private final Clock clock;

    public JoinApprovals(Database database, Identity identity, Announcer announcer, Dispatcher dispatcher,
                         MemberDirectory directory, Clock clock) {
        this.database = database;
        this.identity = identity;
        this.announcer = announcer;
        this.dispatcher = dispatcher;
        this.directory = directory;
        this.clock = clock;
    }

    /** Waiting requests of one swarm, or of every swarm when {@code swarmId} is null. */
    public List<JoinRequestRecord> pending(String swarmId) {
        return database.read(store -> store.joinRequests().list(swarmId, JoinRequestRecord.PENDING));
    }

    public Member approve(Swarm swarm, String agentId) {
        requireMaster(swarm);
        String at = Timestamps.format(clock.instant());
        record Approved(Member member, Outbox.Queued announcements) { }
        Approved approved = database.write(store -> {
            JoinRequestRecord request = store.joinRequests().find(swarm.swarmId(), agentId)
                    .filter(r -> JoinRequestRecord.PENDING.equals(r.status()))
                    .orElseThrow(() -> noRequest(swarm, agentId));
            store.joinRequests().decide(swarm.swarmId(), agentId, JoinRequestRecord.APPROVED, at);
            Member member = new Member(swarm.swarmId(), agentId, request.endpoint(), request.publicKey(),
                    request.capabilities(), at);
            store.members().upsert(member);
            return new Approved(member, announcer.memberJoined(store, swarm.swarmId(), member));
        });
        directory.invalidate(swarm.swarmId());
        // as at a join: members already failing are not waited for, the others at most three seconds
        dispatcher.dispatchAndAwait(approved.announcements().peers(), database.read(store ->
                store.outbox().failingPeers(approved.announcements().peers())), ANNOUNCE_WAIT);
        return approved.member();
    }

    public void deny(Swarm swarm, String agentId) {
        requireMaster(swarm);
        String at = Timestamps.format(clock.instant());
        boolean decided = database.write(store -> store.joinRequests().decide(swarm.swarmId(), agentId,
                JoinRequestRecord.DENIED, at));
        if (!decided) {
            throw noRequest(swarm, agentId);
        }
    }

    private void requireMaster(Swarm swarm) {
        if (!swarm.master().equals(identity.agentId())) {
            throw new SwarmException(ErrorCode.NOT_MASTER, "only the master of swarm " + swarm.swarmId() + " ("
                    + swarm.master() + ") decides join requests");
        }
    }

    private static SwarmException noRequest(Swarm swarm, String agentId) {
        return new SwarmException(ErrorCode.NOT_FOUND, "no waiting join request from " + agentId + " in swarm "
                + swarm.swarmId());
    }
}

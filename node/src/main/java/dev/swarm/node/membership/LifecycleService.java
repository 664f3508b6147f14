package dev.swarm.node.membership;

import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.identity.Identity;
import dev.swarm.node.messaging.DeliveryOutcomes;
import dev.swarm.node.messaging.Outbox;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.RemovedMemberRepository;
import dev.swarm.node.state.Store;
import dev.swarm.node.state.Swarm;
import java.time.Clock;
import java.time.Duration;

/**
 * Leaving, kicking and dissolving (PROTOCOL.md section 5). Each announces the change through the
 * outbox and makes it locally in the same transaction, so the announcement cannot be lost and the
 * change cannot happen unannounced; delivery then goes on as for {@code swarm send}. The
 * {@code check*} methods run the same preconditions without changing anything, so a command can refuse
 * before it asks the user to confirm.
 */
public final class LifecycleService {
    public static final int MAX_REASON_LENGTH = 1024;

    private final Database database;
    private final Identity identity;
    private final Announcer announcer;
    private final DeliveryOutcomes outcomes;
    private final MemberDirectory directory;
    private final Clock clock;

    public LifecycleService(Database database, Identity identity, Announcer announcer, DeliveryOutcomes outcomes,
                            MemberDirectory directory, Clock clock) {
        this.database = database;
        this.identity = identity;
        this.announcer = announcer;
        this.outcomes = outcomes;
        this.directory = directory;
        this.clock = clock;
    }

    public void checkLeave(Swarm swarm) {
        database.read(store -> leavable(store, swarm.swarmId()));
    }

    /** Broadcasts {@code member_left} and marks the swarm left here. The master cannot leave. */
    public MembershipChange leave(Swarm swarm, Duration wait) {
        String id = swarm.swarmId();
        Outbox.Queued queued = database.write(store -> {
            leavable(store, id);
            Outbox.Queued announced = announcer.memberLeft(store, id);
            store.swarms().setState(id, Swarm.LEFT, now());
            return announced;
        });
        directory.invalidate(id);
        return new MembershipChange(Swarm.LEFT, id, identity.agentId(), null, outcomes.deliver(queued, wait));
    }

    public void checkKick(Swarm swarm, String agentId) {
        database.read(store -> kickable(store, swarm.swarmId(), agentId));
    }

    /** Master only: {@code kicked} to the member, {@code member_kicked} to the others, and it is removed here. */
    public MembershipChange kick(Swarm swarm, String agentId, String reason, Duration wait) {
        checkReason(reason);
        String id = swarm.swarmId();
        Outbox.Queued queued = database.write(store -> {
            Member kicked = kickable(store, id, agentId);
            Outbox.Queued announced = announcer.kicked(store, id, kicked, reason);
            store.members().delete(id, agentId);
            // a kicked member stays out until the master lets it back in (readmit)
            store.removedMembers().record(new RemovedMemberRepository.Removed(id, agentId, kicked.publicKey(),
                    blankToNull(reason), now()));
            return announced;
        });
        directory.invalidate(id);
        return new MembershipChange(Swarm.KICKED, id, agentId, blankToNull(reason), outcomes.deliver(queued, wait));
    }

    /**
     * Master only: lets a member it kicked join again (with a new invite). Returns whether it had been
     * kept out; changes nothing else.
     */
    public boolean readmit(Swarm swarm, String agentId) {
        boolean removed = database.write(store -> {
            mastered(store, swarm.swarmId(), "let a member back in");
            return store.removedMembers().forget(swarm.swarmId(), agentId);
        });
        if (!removed) {
            throw new SwarmException(ErrorCode.MEMBER_NOT_FOUND, agentId + " was not removed from swarm "
                    + swarm.swarmId() + "; nothing to let back in");
        }
        return true;
    }

    public void checkDissolve(Swarm swarm) {
        database.read(store -> mastered(store, swarm.swarmId(), "dissolve it"));
    }

    /** Master only: broadcasts {@code swarm_dissolved} and marks the swarm dissolved here. */
    public MembershipChange dissolve(Swarm swarm, String reason, Duration wait) {
        checkReason(reason);
        String id = swarm.swarmId();
        Outbox.Queued queued = database.write(store -> {
            mastered(store, id, "dissolve it");
            Outbox.Queued announced = announcer.dissolved(store, id, reason);
            store.swarms().setState(id, Swarm.DISSOLVED, now());
            return announced;
        });
        directory.invalidate(id);
        return new MembershipChange(Swarm.DISSOLVED, id, identity.agentId(), blankToNull(reason),
                outcomes.deliver(queued, wait));
    }

    private Swarm leavable(Store store, String swarmId) {
        Swarm swarm = active(store, swarmId);
        if (swarm.master().equals(identity.agentId())) {
            throw new SwarmException(ErrorCode.NOT_AUTHORIZED, "the master cannot leave swarm " + swarmId + " ("
                    + swarm.name() + "); hand it over with 'swarm transfer --to AGENT' first, or end it for everyone"
                    + " with 'swarm dissolve'");
        }
        return swarm;
    }

    private Member kickable(Store store, String swarmId, String agentId) {
        Swarm swarm = mastered(store, swarmId, "kick members");
        if (agentId.equals(identity.agentId())) {
            throw SwarmException.invalidArgument("the master cannot kick itself; use 'swarm transfer' or"
                    + " 'swarm dissolve'");
        }
        return store.members().find(swarmId, agentId).orElseThrow(() -> new SwarmException(
                ErrorCode.MEMBER_NOT_FOUND, agentId + " is not a member of swarm " + swarmId + " (" + swarm.name()
                + ")"));
    }

    private Swarm mastered(Store store, String swarmId, String what) {
        Swarm swarm = active(store, swarmId);
        if (!swarm.master().equals(identity.agentId())) {
            throw new SwarmException(ErrorCode.NOT_MASTER, "only the master of swarm " + swarmId + " ("
                    + swarm.master() + ") can " + what);
        }
        return swarm;
    }

    static Swarm active(Store store, String swarmId) {
        Swarm swarm = store.swarms().find(swarmId).orElseThrow(() -> new SwarmException(ErrorCode.SWARM_NOT_FOUND,
                "this node is not in swarm " + swarmId));
        if (!swarm.isActive()) {
            throw new SwarmException(ErrorCode.NOT_MEMBER, "this node is no longer a member of swarm " + swarmId
                    + " (" + swarm.state() + ")");
        }
        return swarm;
    }

    private static void checkReason(String reason) {
        if (reason != null && (reason.length() > MAX_REASON_LENGTH || reason.chars().anyMatch(c -> c < 0x20
                && c != '\n' && c != '\t'))) {
            throw SwarmException.invalidArgument("--reason is at most " + MAX_REASON_LENGTH
                    + " characters without control characters");
        }
    }

    private static String blankToNull(String reason) {
        return reason == null || reason.isBlank() ? null : reason;
    }

    private String now() {
        return Timestamps.format(clock.instant());
    }
}

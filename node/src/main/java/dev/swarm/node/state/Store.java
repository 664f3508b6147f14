package dev.swarm.node.state;

import org.jdbi.v3.core.Handle;

/**
 * The repositories, bound to one open connection (and transaction) for the length of one
 * {@link Database#read} or {@link Database#write} call. Do not keep a Store beyond that call.
 */
public final class Store {
    private final Handle handle;

    Store(Handle handle) {
        this.handle = handle;
    }

    public SwarmRepository swarms() {
        return new SwarmRepository(handle);
    }

    public MemberRepository members() {
        return new MemberRepository(handle);
    }

    public InboxRepository inbox() {
        return new InboxRepository(handle);
    }

    public OutboxRepository outbox() {
        return new OutboxRepository(handle);
    }

    public InviteRepository invites() {
        return new InviteRepository(handle);
    }

    public JoinRequestRepository joinRequests() {
        return new JoinRequestRepository(handle);
    }

    public PendingJoinRepository pendingJoins() {
        return new PendingJoinRepository(handle);
    }

    public WakeLogRepository wakeLog() {
        return new WakeLogRepository(handle);
    }

    public ReceiptRepository receipts() {
        return new ReceiptRepository(handle);
    }

    public SentMessageRepository sentMessages() {
        return new SentMessageRepository(handle);
    }

    public GitHubRepository github() {
        return new GitHubRepository(handle);
    }

    public RemovedMemberRepository removedMembers() {
        return new RemovedMemberRepository(handle);
    }

    public CoordinationRepository coordination() {
        return new CoordinationRepository(handle);
    }

    public MuteRepository mutes() {
        return new MuteRepository(handle);
    }

    public ObserveQueries observe() {
        return new ObserveQueries(handle);
    }

    public LeaseRepository leases() {
        return new LeaseRepository(handle);
    }

    public PresenceRepository presence() {
        return new PresenceRepository(handle);
    }

    public LoopGuardRepository loopGuard() {
        return new LoopGuardRepository(handle);
    }
}

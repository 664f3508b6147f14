package dev.swarm.node.membership;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.client.PeerClient;
import dev.swarm.node.client.PeerResponse;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.identity.Identity;
import dev.swarm.node.messaging.DeliveryOutcomes;
import dev.swarm.node.messaging.Envelopes;
import dev.swarm.node.messaging.Outbox;
import dev.swarm.node.protocol.Envelope;
import dev.swarm.node.protocol.EnvelopeCodec;
import dev.swarm.node.protocol.Identifiers;
import dev.swarm.node.protocol.InfoResponse;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.protocol.ProtocolVersion;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.Store;
import dev.swarm.node.state.Swarm;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The master's side of the two-phase transfer. First {@code master_transfer} is posted straight to the
 * new master and the answer awaited; it only asks (the target checks and stores it, and changes
 * nothing). Only after a 2xx answer does this node sign the commit ({@link TransferCommit}) and, in the
 * one transaction that records the new master here, queue {@code master_changed} with the transfer and
 * the commit for every other member, the new master included, through the outbox (so the
 * announcement cannot be lost). An error or a timeout means no commit is ever signed: a transfer the
 * user was told had failed can never take effect, whatever the target keeps.
 */
public final class TransferService {
    /** How long the command waits for the commit's delivery before it reports (the outbox goes on). */
    private static final Duration ANNOUNCE_WAIT = Duration.ofSeconds(5);

    private final Database database;
    private final Identity identity;
    private final Envelopes envelopes;
    private final PeerClient client;
    private final MemberDirectory directory;
    private final DeliveryOutcomes outcomes;
    private final Clock clock;

    public TransferService(Database database, Identity identity, Envelopes envelopes, PeerClient client,
                           MemberDirectory directory, DeliveryOutcomes outcomes, Clock clock) {
        this.database = database;
        this.identity = identity;
        this.envelopes = envelopes;
        this.client = client;
        this.directory = directory;
        this.outcomes = outcomes;
        this.clock = clock;
    }

    /** The swarm's new master as the transfer left it. */
    public record Transfer(String status, String swarmId, String oldMaster, String newMaster, String messageId) {
    }

    /** The member that would become master; refuses as {@link #transfer} would, without changing anything. */
    public Member check(Swarm swarm, String to) {
        return database.read(store -> target(store, swarm.swarmId(), to));
    }

    public Transfer transfer(Swarm swarm, String to) {
        Member target = check(swarm, to);
        requireCommitCapability(target);
        Swarm current = database.read(store -> LifecycleService.active(store, swarm.swarmId()));
        ObjectNode body = SystemMessage.body(SystemMessage.MASTER_TRANSFER, to);
        body.put("swarm_id", current.swarmId());
        // our extension: the new master keeps enforcing approval; older peers ignore the key
        body.put("require_approval", current.requireApproval());
        Envelope request = envelopes.build(Envelopes.Draft.system(current.swarmId(), to, Json.toText(body)));
        byte[] sent = EnvelopeCodec.toBytes(request);
        PeerResponse response = PeerClient.await(client.post(target.endpoint(), "/message", sent), target.endpoint());
        if (!response.isSuccess()) {
            throw response.toException(to + " at " + target.endpoint());
        }
        Outbox.Queued commit = database.write(store -> {
            Swarm now = LifecycleService.active(store, current.swarmId());
            if (!now.master().equals(identity.agentId())) {
                throw new SwarmException(ErrorCode.NOT_MASTER, "this node stopped being the master of swarm "
                        + now.swarmId() + " while the transfer was asked; nothing was committed");
            }
            String committedAt = Timestamps.format(clock.instant());
            ObjectNode statement = TransferCommit.statement(request, identity.agentId(), to, committedAt);
            ObjectNode announcement = SystemMessage.body(SystemMessage.MASTER_CHANGED, to);
            announcement.put("swarm_id", now.swarmId());
            announcement.put("old_master", identity.agentId());
            announcement.put("new_master", to);
            announcement.set("transfer", Json.readTree(new String(sent, StandardCharsets.UTF_8)));
            announcement.set("commit", statement);
            announcement.put("commit_signature", TransferCommit.sign(identity, statement));
            store.swarms().setMaster(now.swarmId(), to, committedAt);
            Envelope changed = envelopes.build(Envelopes.Draft.system(now.swarmId(), Identifiers.BROADCAST,
                    Json.toText(announcement)));
            List<Member> others = store.members().list(now.swarmId()).stream()
                    .filter(m -> !m.agentId().equals(identity.agentId())).toList();
            return Outbox.enqueue(store, changed, others, committedAt);
        });
        directory.invalidate(current.swarmId());
        outcomes.deliver(commit, ANNOUNCE_WAIT);
        return new Transfer("transferred", current.swarmId(), identity.agentId(), to, request.messageId());
    }

    /**
     * A target must act on the commit: an older node (or one of ours from before the two-phase transfer)
     * would not, or would take over on the request alone. Its /info is asked now, not its recorded
     * capabilities, which predate the upgrade of most members.
     */
    private void requireCommitCapability(Member target) {
        PeerResponse answer = PeerClient.await(client.get(target.endpoint(), "/info"), target.endpoint());
        if (!answer.isSuccess()) {
            throw answer.toException(target.agentId() + " at " + target.endpoint());
        }
        InfoResponse info = PeerClient.parse(answer, InfoResponse.class, target.endpoint());
        if (info.capabilities() == null || !info.capabilities().contains(ProtocolVersion.MASTER_COMMIT_V1)) {
            throw SwarmException.invalidArgument(target.agentId() + "'s node does not announce "
                    + ProtocolVersion.MASTER_COMMIT_V1 + ", so it would not take over by the two-phase transfer;"
                    + " choose a member that runs a current version of this node");
        }
    }
    private Member target(Store store, String swarmId, String to) {
        Swarm swarm = LifecycleService.active(store, swarmId);
        if (!swarm.master().equals(identity.agentId())) {
            throw new SwarmException(ErrorCode.NOT_MASTER, "only the master of swarm " + swarmId + " ("
                    + swarm.master() + ") can hand it over");
        }
        if (to.equals(identity.agentId())) {
            throw SwarmException.invalidArgument("this agent is already the master of swarm " + swarmId);
        }
        Member target = store.members().find(swarmId, to).orElseThrow(() -> new SwarmException(
                ErrorCode.MEMBER_NOT_FOUND, to + " is not a member of swarm " + swarmId + " (" + swarm.name() + ")"));
        if (!target.capabilities().contains(ProtocolVersion.ENVELOPE_SIGNATURE_V1)) {
            // an older node stores master_transfer and answers 200 without acting on it (PROTOCOL.md 5)
            throw SwarmException.invalidArgument(to + "'s node has not announced " + ProtocolVersion.ENVELOPE_SIGNATURE_V1
                    + ", so it is an older node that would not take over; choose a member that runs this node");
        }
        return target;
    }
}

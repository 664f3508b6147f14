package dev.swarm.node.membership;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.client.PeerClient;
import dev.swarm.node.client.PeerResponse;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.identity.Identity;
import dev.swarm.node.messaging.Envelopes;
import dev.swarm.node.protocol.Envelope;
import dev.swarm.node.protocol.EnvelopeCodec;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.protocol.ProtocolVersion;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.Store;
import dev.swarm.node.state.Swarm;

/**
 * The master's side of the two-step transfer: {@code master_transfer} is posted straight to the new
 * master and the answer awaited. It does not go through the outbox on purpose: a transfer the user
 * was told had failed must never happen later behind their back. Only a 2xx answer (the new master
 * has committed the change and queued {@code master_changed} for everyone else) makes the change here;
 * an unreachable or refusing target changes nothing anywhere and its reason is reported.
 */
public final class TransferService {
    private final Database database;
    private final Identity identity;
    private final Envelopes envelopes;
    private final PeerClient client;
    private final MemberDirectory directory;

    public TransferService(Database database, Identity identity, Envelopes envelopes, PeerClient client,
                           MemberDirectory directory) {
        this.database = database;
        this.identity = identity;
        this.envelopes = envelopes;
        this.client = client;
        this.directory = directory;
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
        Swarm current = database.read(store -> LifecycleService.active(store, swarm.swarmId()));
        ObjectNode body = SystemMessage.body(SystemMessage.MASTER_TRANSFER, to);
        body.put("swarm_id", current.swarmId());
        // our extension: the new master keeps enforcing approval; older peers ignore the key
        body.put("require_approval", current.requireApproval());
        Envelope envelope = envelopes.build(Envelopes.Draft.system(current.swarmId(), to, Json.toText(body)));
        PeerResponse response = PeerClient.await(client.post(target.endpoint(), "/message",
                EnvelopeCodec.toBytes(envelope)), target.endpoint());
        if (!response.isSuccess()) {
            throw response.toException(to + " at " + target.endpoint());
        }
        database.write(store -> {
            Swarm now = store.swarms().find(current.swarmId()).orElseThrow();
            // the new master's announcement may have arrived first and made the same change already
            if (now.master().equals(identity.agentId())) {
                store.swarms().setMaster(current.swarmId(), to, envelope.timestamp());
            }
            return null;
        });
        directory.invalidate(current.swarmId());
        return new Transfer("transferred", current.swarmId(), identity.agentId(), to, envelope.messageId());
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

package dev.swarm.node.membership;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.crypto.Ed25519;
import dev.swarm.node.crypto.SignedStatement;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.identity.Identity;
import dev.swarm.node.identity.SecureFiles;
import dev.swarm.node.identity.ServeLock;
import dev.swarm.node.identity.SwarmHome;
import dev.swarm.node.messaging.DeliveryOutcomes;
import dev.swarm.node.messaging.Envelopes;
import dev.swarm.node.messaging.Outbox;
import dev.swarm.node.messaging.SendResult;
import dev.swarm.node.protocol.EndpointPolicy;
import dev.swarm.node.protocol.Envelope;
import dev.swarm.node.protocol.EnvelopeCodec;
import dev.swarm.node.protocol.Identifiers;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.protocol.ProtocolVersion;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.OutboxRow;
import dev.swarm.node.state.Store;
import dev.swarm.node.state.Swarm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code swarm rotate-key}: a new key pair for this agent, announced in every swarm it is in by a
 * {@code key_rotated} statement signed with the old key and proven by the new one
 * ({@link KeyRotationRules}). In one transaction: the announcements are queued (signed with the old
 * key, which the members know), every pending outbox row is re-signed with the new key and put after
 * them (so nothing in flight is refused), and this agent's own member rows take the new key. The new
 * key is written 0600 to {@code agent.key.next} before that transaction and moved over
 * {@code agent.key} after it; {@link #recover} finishes or drops a rotation a crash interrupted.
 * Refused while {@code swarm serve} runs: the daemon holds the old key in memory.
 */
public final class KeyRotation {
    private static final EndpointPolicy OWN_ENVELOPES = new EndpointPolicy(true);

    private final SwarmHome home;
    private final Database database;
    private final Identity identity;
    private final DeliveryOutcomes outcomes;
    private final Clock clock;

    public KeyRotation(SwarmHome home, Database database, Identity identity, DeliveryOutcomes outcomes,
                       Clock clock) {
        this.home = home;
        this.database = database;
        this.identity = identity;
        this.outcomes = outcomes;
        this.clock = clock;
    }

    /** One swarm the rotation is announced in, and the members whose nodes cannot apply it. */
    public record SwarmPlan(String swarmId, String name, int members, List<String> olderPeers) {
    }

    /** What a rotation did, or would do ({@code status} {@code planned} for a dry run). */
    public record Result(String status, String agentId, String oldPublicKey, String newPublicKey,
                         List<SwarmPlan> swarms, int resigned, List<SendResult.Delivery> deliveries) {
    }

    /** What {@link #rotate} would announce where, changing nothing. */
    public Result plan() {
        return new Result("planned", identity.agentId(), identity.publicKeyBase64(), null,
                database.read(this::swarms), database.read(store -> store.outbox().pending().size()), List.of());
    }

    /** Rotates the key; announcements are then delivered, waiting at most {@code wait} for the outcomes. */
    public Result rotate(Duration wait) {
        if (ServeLock.holder(home).isPresent()) {
            throw new SwarmException(ErrorCode.CONFLICT, "swarm serve is running for this identity and signs with the"
                    + " current key; stop it, rotate, then start it again");
        }
        byte[] seed = Ed25519.newSeed(new SecureRandom());
        Identity next = new Identity(identity.agentId(), identity.endpoint(), seed);
        try {
            SecureFiles.writePrivate(home.nextKeyFile(), seed);
        } catch (IOException e) {
            throw new SwarmException(ErrorCode.INTERNAL_ERROR, "cannot write " + home.nextKeyFile() + ": "
                    + e.getMessage(), null, e);
        }
        String at = Timestamps.format(clock.instant());
        Envelopes oldKey = new Envelopes(identity, clock);
        Envelopes newKey = new Envelopes(next, clock);
        record Done(List<SwarmPlan> swarms, Outbox.Queued queued, int resigned) { }
        Done done = database.write(store -> {
            List<SwarmPlan> plans = swarms(store);
            List<OutboxRow> inFlight = store.outbox().pending();
            Outbox.Queued queued = Outbox.Queued.NONE;
            for (SwarmPlan plan : plans) {
                queued = queued.and(announce(store, oldKey, plan.swarmId(), next, at));
            }
            for (OutboxRow row : inFlight) {
                Envelope stored = EnvelopeCodec.parse(row.envelope().getBytes(StandardCharsets.UTF_8), OWN_ENVELOPES)
                        .envelope();
                store.outbox().moveToEnd(row, new String(EnvelopeCodec.toBytes(newKey.restamp(stored)),
                        StandardCharsets.UTF_8));
            }
            for (SwarmPlan plan : plans) {
                store.members().rotate(plan.swarmId(), identity.agentId(), identity.publicKeyBase64(),
                        next.publicKeyBase64(), identity.endpoint());
            }
            return new Done(plans, queued, inFlight.size());
        });
        finish(home);
        return new Result("rotated", identity.agentId(), identity.publicKeyBase64(), next.publicKeyBase64(),
                done.swarms(), done.resigned(), outcomes.deliver(done.queued(), wait));
    }

    /** {@code key_rotated} to every other member of one swarm, signed with the old key. */
    private Outbox.Queued announce(Store store, Envelopes oldKey, String swarmId, Identity next, String at) {
        ObjectNode statement = KeyRotationRules.statement(swarmId, identity.agentId(), identity.publicKeyBase64(),
                next.publicKeyBase64(), identity.endpoint(), at);
        ObjectNode body = SystemMessage.body(KeyRotationRules.ACTION, identity.agentId());
        body.put("swarm_id", swarmId);
        body.set("rotation", statement);
        body.put("signature", SignedStatement.sign(identity.privateKey(), statement));
        body.put("new_key_signature", SignedStatement.sign(next.privateKey(), statement));
        Envelope envelope = oldKey.build(Envelopes.Draft.system(swarmId, Identifiers.BROADCAST, Json.toText(body)));
        List<Member> others = store.members().list(swarmId).stream()
                .filter(m -> !m.agentId().equals(identity.agentId())).toList();
        return Outbox.enqueue(store, envelope, others, at);
    }

    private List<SwarmPlan> swarms(Store store) {
        List<SwarmPlan> plans = new ArrayList<>();
        for (Swarm swarm : store.swarms().active()) {
            List<Member> members = store.members().list(swarm.swarmId());
            if (members.stream().noneMatch(m -> m.agentId().equals(identity.agentId()))) {
                continue;
            }
            List<String> older = members.stream().filter(m -> !m.agentId().equals(identity.agentId()))
                    .filter(m -> !m.capabilities().contains(ProtocolVersion.KEY_ROTATION_V1))
                    .map(Member::agentId).toList();
            plans.add(new SwarmPlan(swarm.swarmId(), swarm.name(), members.size(), older));
        }
        return plans;
    }

    /** Moves {@code agent.key.next} over {@code agent.key}. */
    private static void finish(SwarmHome home) {
        try {
            try {
                Files.move(home.nextKeyFile(), home.keyFile(), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(home.nextKeyFile(), home.keyFile(), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new SwarmException(ErrorCode.INTERNAL_ERROR, "the rotation is recorded but " + home.keyFile()
                    + " could not be replaced (" + e.getMessage() + "); the next swarm command finishes it", null, e);
        }
    }

    /**
     * A rotation a crash interrupted: when {@code agent.key.next} exists, the rotation's transaction
     * committed if this agent's member rows carry the new key (or it is in no swarm); then the new key
     * replaces the old and is returned, else the file is dropped and {@code current} stays.
     */
    public static Identity recover(SwarmHome home, Database database, Identity current) {
        if (!Files.exists(home.nextKeyFile())) {
            return current;
        }
        try {
            byte[] seed = Files.readAllBytes(home.nextKeyFile());
            Identity next = new Identity(current.agentId(), current.endpoint(), seed);
            boolean committed = database.read(store -> {
                List<String> withNew = store.members().swarmsWithKey(current.agentId(), next.publicKeyBase64());
                List<String> withOld = store.members().swarmsWithKey(current.agentId(), current.publicKeyBase64());
                return !withNew.isEmpty() || withOld.isEmpty();
            });
            if (!committed) {
                Files.delete(home.nextKeyFile());
                return current;
            }
            finish(home);
            return next;
        } catch (IOException | RuntimeException e) {
            throw new SwarmException(ErrorCode.CONFIG_INVALID, "an interrupted key rotation left "
                    + home.nextKeyFile() + " and it cannot be finished: " + e.getMessage(), null, e);
        }
    }
}

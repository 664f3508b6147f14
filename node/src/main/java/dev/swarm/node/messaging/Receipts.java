package dev.swarm.node.messaging;

import dev.swarm.node.delivery.Dispatcher;
import dev.swarm.node.protocol.Envelope;
import dev.swarm.node.protocol.MessageType;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.Member;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivery receipts. A sender asks for them with {@code swarm send --receipt} (metadata
 * {@code receipt_requested: true}); the recipient's node then reports back to the sender, as a signed
 * {@code notification} through the outbox, when a wake put the message in front of its agent
 * ({@code surfaced}) and when the agent read it ({@code read}). The report names the message in
 * metadata {@code receipt_for} and the kind in {@code receipt}.
 */
public final class Receipts {
    public static final String REQUESTED = "receipt_requested";
    public static final String RECEIPT_FOR = "receipt_for";
    public static final String KIND = "receipt";
    public static final String SURFACED = "surfaced";
    public static final String READ = "read";
    private static final Logger LOG = LoggerFactory.getLogger(Receipts.class);

    private final Database database;
    private final Envelopes envelopes;
    private final Dispatcher dispatcher;
    private final Clock clock;

    public Receipts(Database database, Envelopes envelopes, Dispatcher dispatcher, Clock clock) {
        this.database = database;
        this.envelopes = envelopes;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    /** A message whose sender asked for receipts. */
    public record Target(String messageId, String swarmId, String senderId) {
    }

    /** Queues a receipt of {@code kind} for each message to its sender (a member of the swarm), then dispatches. */
    public void send(List<Target> targets, String kind) {
        if (targets.isEmpty()) {
            return;
        }
        try {
            Set<String> peers = new LinkedHashSet<>();
            database.write(store -> {
                for (Target target : targets) {
                    Optional<Member> sender = store.members().find(target.swarmId(), target.senderId());
                    if (sender.isEmpty()) {
                        continue;
                    }
                    Envelope receipt = envelopes.build(new Envelopes.Draft(target.swarmId(), target.senderId(),
                            MessageType.NOTIFICATION, "receipt: " + kind + " " + target.messageId(), null, null,
                            null, null, null, null, Map.of(RECEIPT_FOR, target.messageId(), KIND, kind)));
                    peers.addAll(Outbox.enqueue(store, receipt, List.of(sender.get()),
                            Timestamps.format(clock.instant())).peers());
                }
                return null;
            });
            dispatcher.dispatch(peers);
        } catch (RuntimeException e) {
            LOG.warn("cannot queue {} receipts: {}", kind, e.toString());
        }
    }

    /** True when the envelope's metadata asks for receipts. */
    public static boolean requested(Map<String, Object> metadata) {
        return metadata != null && Boolean.TRUE.equals(metadata.get(REQUESTED));
    }
}

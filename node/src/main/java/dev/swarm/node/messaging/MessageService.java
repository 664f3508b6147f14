package dev.swarm.node.messaging;

import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.identity.Identity;
import dev.swarm.node.membership.SwarmResolver;
import dev.swarm.node.protocol.Envelope;
import dev.swarm.node.protocol.Identifiers;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.OutboxRow;
import dev.swarm.node.state.Store;
import dev.swarm.node.state.Swarm;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Sending: the message gets its final id, timestamp and signature, is written to the outbox (one row
 * per recipient, one transaction), then delivered to every recipient in parallel.
 */
public final class MessageService {
    private final Database database;
    private final Identity identity;
    private final SwarmResolver resolver;
    private final Envelopes envelopes;
    private final DeliveryOutcomes outcomes;
    private final int maxContentChars;
    private final Clock clock;
    private final MemberLearner learner;
    private final StoreHook hook;
    private final Addressing addressing;

    /**
     * Asks the master for the swarm's current members (a re-join with the invite we hold): how a member
     * the master never announced to us becomes one we can send to.
     */
    @FunctionalInterface
    public interface MemberLearner {
        /** Adds members we lack; throws a {@code SwarmException} when the master cannot be asked. */
        void refresh(String swarmId);
    }

    public MessageService(Database database, Identity identity, SwarmResolver resolver, Envelopes envelopes,
                          DeliveryOutcomes outcomes, int maxContentChars, Clock clock) {
        this(database, identity, resolver, envelopes, outcomes, maxContentChars, clock, null, StoreHook.NONE,
                Addressing.NONE);
    }

    /**
     * {@code learner}: asked once when a message is addressed to an agent we do not know (null asks
     * nobody); {@code hook}: decides what else a message changes when it is queued; {@code addressing}:
     * role addresses and the chains of replies (coordination).
     */
    public MessageService(Database database, Identity identity, SwarmResolver resolver, Envelopes envelopes,
                          DeliveryOutcomes outcomes, int maxContentChars, Clock clock, MemberLearner learner,
                          StoreHook hook, Addressing addressing) {
        this.learner = learner;
        this.addressing = addressing;
        this.database = database;
        this.identity = identity;
        this.resolver = resolver;
        this.envelopes = envelopes;
        this.outcomes = outcomes;
        this.maxContentChars = maxContentChars;
        this.clock = clock;
        this.hook = hook;
    }

    public SendResult send(SendRequest request) {
        return send(request, Duration.ZERO);
    }

    /**
     * Sends; when a running {@code swarm serve} delivers instead of this process, waits up to
     * {@code wait} for its outcomes (zero: return as soon as the message is queued).
     */
    public SendResult send(SendRequest request, Duration wait) {
        Prepared message = prepare(request);
        Outbox.Queued queued = database.write(store -> enqueue(store, message));
        List<SendResult.Delivery> deliveries = outcomes.deliver(queued, wait);
        SendResult result = new SendResult(status(deliveries), message.envelope().messageId(),
                message.envelope().swarmId(), message.envelope().recipient(), deliveries,
                Addressing.roleOf(request.to()));
        if ("failed".equals(result.status())) {
            throw refused(result);
        }
        return result;
    }

    /**
     * Queues a message only if {@code firstTime} holds, tested in the transaction that writes the
     * outbox (the issue watcher marks its GitHub event seen there, so one event is one message even
     * across a crash). Delivery is left to the running daemon's worker. Empty when it was not the
     * first time; otherwise the message id.
     */
    public Optional<String> queueOnce(SendRequest request, Predicate<Store> firstTime) {
        Prepared message = prepare(request);
        boolean queued = database.write(store -> {
            if (!firstTime.test(store)) {
                return false;
            }
            enqueue(store, message);
            return true;
        });
        return queued ? Optional.of(message.envelope().messageId()) : Optional.empty();
    }

    /** Queues the message, and what the hook adds, in the caller's transaction. */
    private Outbox.Queued enqueue(Store store, Prepared message) {
        Outbox.Queued queued = Outbox.enqueue(store, message.envelope(), message.targets(),
                Timestamps.format(clock.instant()));
        hook.sent(message.envelope()).apply(store);
        return queued;
    }

    /** A signed message and the members it goes to. */
    private record Prepared(Envelope envelope, List<Member> targets) {
    }

    /**
     * Signs the message for its recipients: a member, everyone, or the holders of a role (one
     * broadcast-addressed envelope, with {@code to_role}, delivered to those holders only). A reply
     * carries its causal chain; the caller's metadata cannot override it.
     */
    private Prepared prepare(SendRequest request) {
        validate(request);
        Swarm swarm = resolver.resolveActive(request.swarm());
        String role = Addressing.roleOf(request.to());
        String recipient = request.to() == null || role != null ? Identifiers.BROADCAST : request.to();
        if (request.to() != null && role == null && learner != null && database.read(store -> store.members()
                .list(swarm.swarmId())).stream().noneMatch(m -> m.agentId().equals(request.to()))) {
            try {
                learner.refresh(swarm.swarmId());
            } catch (SwarmException e) {
                // the master could not be asked: the recipient stays unknown and is refused below
            }
        }
        record Read(List<Member> targets, Map<String, Object> chain) { }
        Read read = database.read(store -> new Read(role != null ? addressing.holders(store, swarm, role)
                : recipients(swarm, store.members().list(swarm.swarmId()), request.to()),
                request.inReplyTo() == null ? Map.of()
                        : addressing.replyMetadata(store, swarm.swarmId(), request.inReplyTo())));
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (request.metadata() != null) {
            metadata.putAll(request.metadata());
        }
        metadata.putAll(read.chain());
        if (role != null) {
            metadata.put(Addressing.TO_ROLE, role);
        }
        Envelope envelope = envelopes.build(new Envelopes.Draft(swarm.swarmId(), recipient, request.type(),
                request.content(), request.priority(), request.inReplyTo(), request.threadId(), null, null,
                request.references(), metadata));
        return new Prepared(envelope, read.targets());
    }

    private List<Member> recipients(Swarm swarm, List<Member> members, String to) {
        if (to == null) {
            return members.stream().filter(m -> !m.agentId().equals(identity.agentId())).toList();
        }
        if (to.equals(identity.agentId())) {
            throw SwarmException.invalidArgument("cannot send a message to yourself");
        }
        return members.stream().filter(m -> m.agentId().equals(to)).findFirst().map(List::of)
                .orElseThrow(() -> new SwarmException(ErrorCode.MEMBER_NOT_FOUND, to + " is not a member of swarm "
                        + swarm.swarmId() + " (" + swarm.name() + ")"));
    }

    private void validate(SendRequest request) {
        if (request.content() == null || request.content().isEmpty()) {
            throw SwarmException.invalidArgument("message content is empty; give --message or pipe it on stdin");
        }
        int chars = request.content().codePointCount(0, request.content().length());
        if (chars > maxContentChars) {
            throw new SwarmException(ErrorCode.PAYLOAD_TOO_LARGE, "message is " + chars
                    + " characters; the limit is " + maxContentChars);
        }
        String role = Addressing.roleOf(request.to());
        if (role != null && !Identifiers.isAgentId(role)) {
            throw SwarmException.invalidArgument("a role address is role:NAME, NAME like an agent id"
                    + " ([a-zA-Z0-9_.-], 1 to 256)");
        }
        if (request.to() != null && role == null && !Identifiers.isAgentId(request.to())) {
            throw SwarmException.invalidArgument("the recipient must be an agent id ([a-zA-Z0-9_.-], 1 to 256) or"
                    + " role:NAME");
        }
        if (request.inReplyTo() != null && !Identifiers.isUuid(request.inReplyTo())) {
            throw SwarmException.invalidArgument("--reply-to must be a message id (a lowercase UUID)");
        }
        if (request.threadId() != null && !Identifiers.isUuid(request.threadId())) {
            throw SwarmException.invalidArgument("--thread must be a thread id (a lowercase UUID)");
        }
    }

    static String status(List<SendResult.Delivery> deliveries) {
        long delivered = deliveries.stream().filter(d -> OutboxRow.DELIVERED.equals(d.status())).count();
        long pending = deliveries.stream().filter(d -> OutboxRow.PENDING.equals(d.status())).count();
        long refused = deliveries.size() - delivered - pending;
        if (refused == 0) {
            return pending == 0 ? "sent" : "queued";
        }
        return refused == deliveries.size() ? "failed" : "partial";
    }

    /**
     * Every recipient refused the message: one error, with the refusal's own code when they all gave
     * the same one (a direct message always does), and every delivery in the details.
     */
    private static SwarmException refused(SendResult result) {
        Set<String> codes = result.deliveries().stream().map(SendResult.Delivery::errorCode)
                .collect(Collectors.toCollection(TreeSet::new));
        ErrorCode code = codes.size() == 1 ? ErrorCode.byName(codes.iterator().next()) : ErrorCode.PEER_PROTOCOL_ERROR;
        String message = result.deliveries().size() == 1 ? result.deliveries().get(0).error()
                : "every member refused the message: " + result.deliveries().stream()
                        .map(d -> d.agentId() + " (" + d.errorCode() + ")").collect(Collectors.joining(", "));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("message_id", result.messageId());
        details.put("swarm_id", result.swarmId());
        details.put("recipient", result.recipient());
        details.put("deliveries", result.deliveries());
        return new SwarmException(code, message, details);
    }
}

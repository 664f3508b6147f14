package dev.swarm.node.lease;

import dev.swarm.node.coordination.OrderBasis;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.github.IssueService;
import dev.swarm.node.membership.SwarmResolver;
import dev.swarm.node.messaging.MessageService;
import dev.swarm.node.messaging.SendRequest;
import dev.swarm.node.messaging.SendResult;
import dev.swarm.node.protocol.Identifiers;
import dev.swarm.node.protocol.MessageType;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.LeaseRepository;
import dev.swarm.node.state.Swarm;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code swarm lease}: take, renew and release leases (each a signed notification to the swarm, see
 * {@link LeaseEvents}) and read the table ({@link LeaseTable}) this node folds from what it stored.
 * A take that conflicts with a lease known here is refused before anything is sent ({@code CONFLICT})
 * unless forced; a renewal or release of a lease that is not this agent's active lease is refused
 * ({@code NOT_AUTHORIZED}, {@code NOT_FOUND}-like {@code INVALID_ARGUMENT}). Works without the daemon:
 * reads the local database, and a send is delivered by this process when no daemon runs.
 */
public final class LeaseService {
    private final Database database;
    private final String selfId;
    private final SwarmResolver resolver;
    private final Supplier<MessageService> messages;
    private final Clock clock;

    public LeaseService(Database database, String selfId, SwarmResolver resolver, Supplier<MessageService> messages,
                        Clock clock) {
        this.database = database;
        this.selfId = selfId;
        this.resolver = resolver;
        this.messages = messages;
        this.clock = clock;
    }

    /** One swarm's leases, and what orders them. */
    public record Table(String swarmId, String swarmName, String orderedBy, String at, List<LeaseTable.Lease> leases) {
        public Table {
            leases = List.copyOf(leases);
        }
    }

    /** What a take, renewal or release did: the message sent and the lease as this node now sees it. */
    public record Outcome(String event, String leaseId, SendResult message, LeaseTable.Lease lease) {
    }

    /** The table of one swarm ({@code requested} as the CLI names it), as of now. */
    public Table table(String requested) {
        return table(resolver.resolve(requested));
    }

    public Table table(Swarm swarm) {
        record Read(List<LeaseRepository.Row> rows, OrderBasis basis) { }
        Read read = database.read(store -> new Read(store.leases().list(swarm.swarmId()),
                OrderBasis.read(store, swarm.swarmId(), selfId)));
        List<LeaseEvent> events = new ArrayList<>();
        for (LeaseRepository.Row row : read.rows()) {
            events.add(event(row).withOrderAt(read.basis().orderAt(row.at(), row.senderId()))
                    .withPosition(read.basis().position(row.senderId(), row.messageId())));
        }
        Instant now = clock.instant();
        return new Table(swarm.swarmId(), swarm.name(), read.basis().acknowledging() ? IssueService.BY_ACKNOWLEDGEMENT
                : IssueService.BY_SENT_TIME, Timestamps.format(now),
                LeaseTable.compute(events, read.basis().members(), read.basis().acknowledging(), now));
    }

    /** The tables of every active swarm. */
    public List<Table> tables() {
        return database.read(store -> store.swarms().active()).stream().map(this::table).toList();
    }

    /**
     * What {@code swarm lease list} shows: the table of swarm {@code requested} (null: of every active
     * swarm), with only the active leases unless {@code all}.
     */
    public List<Table> listing(String requested, boolean all) {
        return (requested == null ? tables() : List.of(table(requested))).stream().map(t -> all ? t
                : new Table(t.swarmId(), t.swarmName(), t.orderedBy(), t.at(),
                        t.leases().stream().filter(LeaseTable.Lease::active).toList())).toList();
    }

    private static LeaseEvent event(LeaseRepository.Row row) {
        LeaseEvent.Kind kind = LeaseEvent.Kind.fromWire(row.kind()).orElseThrow();
        return new LeaseEvent(row.messageId(), row.senderId(), row.at(), kind, row.leaseId(), row.repo(),
                LeaseEvent.Mode.fromWire(row.mode()).orElse(null),
                row.paths() == null ? List.of() : Arrays.asList(row.paths().split("\n", -1)), row.expiresAt(), null,
                row.at());
    }

    /**
     * Takes a lease on {@code globs} in {@code repo} for {@code duration} (up to
     * {@link LeaseEvents#MAX_DURATION}). Refused with {@code CONFLICT} while another member holds an
     * overlapping lease that excludes it, unless {@code force} (then the lease the master acknowledged
     * first still wins everywhere, and this one is shown refused).
     */
    public Outcome take(String requested, String repo, List<String> globs, LeaseEvent.Mode mode, Duration duration,
                        boolean force, Duration wait) {
        if (!Identifiers.isRepo(repo)) {
            throw SwarmException.invalidArgument("the repository must look like owner/repo, not '" + repo + "'");
        }
        List<LeaseGlob> parsed = globs(globs);
        checkDuration(duration);
        Swarm swarm = resolver.resolveActive(requested);
        List<String> texts = parsed.stream().map(LeaseGlob::toString).toList();
        if (!force) {
            for (LeaseTable.Lease held : table(swarm).leases()) {
                if (held.active() && !held.holder().equals(selfId) && held.repo().equals(repo)
                        && (held.exclusive() || mode == LeaseEvent.Mode.EXCLUSIVE)
                        && LeaseTable.overlap(held.paths(), texts)) {
                    throw conflict(held, repo);
                }
            }
        }
        String expiresAt = Timestamps.format(clock.instant().plus(duration));
        Map<String, Object> metadata = LeaseEvents.taken(selfId, repo, mode, parsed, expiresAt);
        LeaseEvent draft = new LeaseEvent(null, selfId, null, LeaseEvent.Kind.TAKEN, null, repo, mode, texts, expiresAt,
                null, null);
        SendResult sent = send(swarm, LeaseEvents.content(draft), metadata, wait);
        return new Outcome("taken", sent.messageId(), sent, find(swarm, sent.messageId()).orElse(null));
    }

    /** Sets a new expiry, {@code duration} from now, on a lease of this agent that is still active. */
    public Outcome renew(String requested, String leaseId, Duration duration, Duration wait) {
        checkDuration(duration);
        Swarm swarm = resolver.resolveActive(requested);
        LeaseTable.Lease lease = own(swarm, leaseId, "renew");
        if (!lease.active()) {
            throw SwarmException.invalidArgument("lease " + leaseId + " is " + lease.status() + "; take a new one");
        }
        String expiresAt = Timestamps.format(clock.instant().plus(duration));
        LeaseEvent draft = new LeaseEvent(null, selfId, null, LeaseEvent.Kind.RENEWED, leaseId, null, null, List.of(),
                expiresAt, null, null);
        SendResult sent = send(swarm, LeaseEvents.content(draft), LeaseEvents.renewed(selfId, leaseId, expiresAt),
                wait);
        return new Outcome("renewed", leaseId, sent, find(swarm, leaseId).orElse(null));
    }

    /** Ends a lease of this agent. */
    public Outcome release(String requested, String leaseId, Duration wait) {
        Swarm swarm = resolver.resolveActive(requested);
        own(swarm, leaseId, "release");
        LeaseEvent draft = new LeaseEvent(null, selfId, null, LeaseEvent.Kind.RELEASED, leaseId, null, null, List.of(),
                null, null, null);
        SendResult sent = send(swarm, LeaseEvents.content(draft), LeaseEvents.released(selfId, leaseId), wait);
        return new Outcome("released", leaseId, sent, find(swarm, leaseId).orElse(null));
    }

    /** Every lease of this node's agent that is active now, by swarm id (for presence and who). */
    public List<LeaseTable.Lease> active(String swarmId, String holder) {
        Optional<Swarm> swarm = database.read(store -> store.swarms().find(swarmId));
        return swarm.map(s -> table(s).leases().stream().filter(l -> l.active() && l.holder().equals(holder))
                .toList()).orElse(List.of());
    }

    private LeaseTable.Lease own(Swarm swarm, String leaseId, String verb) {
        if (!Identifiers.isUuid(leaseId)) {
            throw SwarmException.invalidArgument("a lease id is the id of the message that took it (a lowercase UUID),"
                    + " not '" + leaseId + "'");
        }
        List<LeaseTable.Lease> named = table(swarm).leases().stream().filter(l -> l.leaseId().equals(leaseId)).toList();
        if (named.isEmpty()) {
            throw SwarmException.invalidArgument("no lease " + leaseId + " in swarm " + swarm.name()
                    + " (see swarm lease list)");
        }
        return named.stream().filter(l -> l.holder().equals(selfId)).findFirst().orElseThrow(() ->
                new SwarmException(ErrorCode.NOT_AUTHORIZED, "lease " + leaseId + " is held by " + named.get(0).holder()
                        + "; only its holder can " + verb + " it", Map.of("lease_id", leaseId,
                        "holder", named.get(0).holder())));
    }

    private Optional<LeaseTable.Lease> find(Swarm swarm, String leaseId) {
        return table(swarm).leases().stream().filter(l -> l.leaseId().equals(leaseId) && l.holder().equals(selfId))
                .findFirst();
    }

    private SendResult send(Swarm swarm, String content, Map<String, Object> metadata, Duration wait) {
        return messages.get().send(new SendRequest(swarm.swarmId(), null, content, MessageType.NOTIFICATION, null, null,
                null, null, new LinkedHashMap<>(metadata)), wait);
    }

    private static List<LeaseGlob> globs(List<String> globs) {
        if (globs == null || globs.isEmpty()) {
            throw SwarmException.invalidArgument("name at least one path or glob to lease");
        }
        LinkedHashSet<LeaseGlob> parsed = new LinkedHashSet<>();
        for (String glob : globs) {
            parsed.add(LeaseGlob.parse(glob));
        }
        if (parsed.size() > LeaseEvents.MAX_GLOBS) {
            throw SwarmException.invalidArgument("at most " + LeaseEvents.MAX_GLOBS + " paths or globs in one lease");
        }
        return List.copyOf(parsed);
    }

    private static void checkDuration(Duration duration) {
        if (duration == null || duration.compareTo(Duration.ofSeconds(1)) < 0
                || duration.compareTo(LeaseEvents.MAX_DURATION) > 0) {
            throw SwarmException.invalidArgument("a lease runs from 1 s to " + LeaseEvents.MAX_DURATION.toHours()
                    + " h (renew it to keep it longer)");
        }
    }

    static SwarmException conflict(LeaseTable.Lease held, String repo) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("lease_id", held.leaseId());
        details.put("holder", held.holder());
        details.put("repo", repo);
        details.put("paths", String.join(" ", held.paths()));
        details.put("expires_at", held.expiresAt());
        return new SwarmException(ErrorCode.CONFLICT, held.holder() + " holds " + String.join(" ", held.paths())
                + " in " + repo + " (" + held.mode() + " lease " + held.leaseId() + ", until " + held.expiresAt()
                + "); nothing was sent", details);
    }
}

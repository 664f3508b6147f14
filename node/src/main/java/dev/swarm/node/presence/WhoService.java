package dev.swarm.node.presence;

import dev.swarm.node.coordination.CoordinationConfig;
import dev.swarm.node.github.IssueBoard;
import dev.swarm.node.github.IssueService;
import dev.swarm.node.lease.LeaseService;
import dev.swarm.node.lease.LeaseTable;
import dev.swarm.node.membership.SwarmResolver;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.PresenceRepository;
import dev.swarm.node.state.PresenceRow;
import dev.swarm.node.state.Store;
import dev.swarm.node.state.Swarm;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Builds {@code swarm who} from what this node knows: the members, their latest presence, the issue
 * board and the lease table (claims and leases come from what every node folds the same way, not from
 * what a member says it holds), the inbox (last seen, last active) and the outbox (reachable). This node's own agent is
 * shown as its daemon last announced it, or away when no daemon serves.
 */
public final class WhoService {
    /** Slack on top of twice the heartbeat before a silent member's presence counts as gone. */
    static final Duration STALE_SLACK = Duration.ofMinutes(1);
    private static final Pattern ERROR_CODE = Pattern.compile("^[A-Z][A-Z0-9_]{0,63}$");

    private final String selfId;
    private final Database database;
    private final SwarmResolver resolver;
    private final IssueService issues;
    private final LeaseService leases;
    private final CoordinationConfig config;
    private final Clock clock;
    private final BooleanSupplier serving;

    public WhoService(String selfId, Database database, SwarmResolver resolver, IssueService issues,
                      LeaseService leases, CoordinationConfig config, Clock clock, BooleanSupplier serving) {
        this.selfId = selfId;
        this.database = database;
        this.resolver = resolver;
        this.issues = issues;
        this.leases = leases;
        this.config = config;
        this.clock = clock;
        this.serving = serving;
    }

    /** Every active swarm, or the one named. */
    public Who who(String requestedSwarm) {
        List<Swarm> swarms = requestedSwarm == null
                ? database.read(store -> store.swarms().all()).stream().filter(Swarm::isActive).toList()
                : List.of(resolver.resolve(requestedSwarm));
        Instant now = clock.instant();
        boolean daemon = serving.getAsBoolean();
        return new Who(selfId, config.stuckAfter().toSeconds(), swarms.stream().map(s -> members(s, now, daemon))
                .toList());
    }

    /** One swarm's members, as of {@code now}. */
    public Who.SwarmMembers members(Swarm swarm, Instant now, boolean daemon) {
        Map<String, List<String>> claims = claims(swarm.swarmId());
        Map<String, List<String>> leased = leases(swarm);
        return database.read(store -> {
            List<MemberPresence> members = new ArrayList<>();
            Stream<Member> all = store.members().list(swarm.swarmId()).stream();
            for (Member member : all.sorted((a, b) -> a.agentId().compareTo(b.agentId())).toList()) {
                members.add(member(store, swarm, member, new Held(claims.getOrDefault(member.agentId(), List.of()),
                        leased.getOrDefault(member.agentId(), List.of())), now, daemon));
            }
            return new Who.SwarmMembers(swarm.swarmId(), swarm.name(), swarm.master(), members);
        });
    }

    /** What a member holds: issues (from the board) and leased paths (from the lease table). */
    private record Held(List<String> claims, List<String> leases) {
        boolean any() {
            return !claims.isEmpty() || !leases.isEmpty();
        }
    }

    private MemberPresence member(Store store, Swarm swarm, Member member, Held held, Instant now,
                                  boolean daemon) {
        String agent = member.agentId();
        boolean you = agent.equals(selfId);
        Optional<PresenceRow> presence = you ? store.presence().own(swarm.swarmId())
                : store.presence().find(swarm.swarmId(), agent);
        String lastSeen = you ? presence.map(PresenceRow::receivedAt).orElse(null)
                : latest(presence.map(PresenceRow::receivedAt).orElse(null),
                store.inbox().lastReceivedFrom(swarm.swarmId(), agent, null).orElse(null));
        String lastActive = you ? presence.map(PresenceRow::activeAt).orElse(null)
                : latest(presence.map(PresenceRow::activeAt).orElse(null),
                store.inbox().lastReceivedFrom(swarm.swarmId(), agent, "message").orElse(null));
        String state;
        if (you) {
            state = daemon ? presence.map(PresenceRow::state).orElse("away") : "away";
        } else if (presence.isEmpty()) {
            state = "unknown";
        } else {
            boolean stale = Timestamps.parse(presence.get().receivedAt())
                    .plus(config.heartbeat().multipliedBy(2)).plus(STALE_SLACK).isBefore(now);
            state = stale ? "away" : presence.get().state();
        }
        Optional<PresenceRepository.Delivery> delivery = you ? Optional.empty()
                : store.presence().lastDelivery(swarm.swarmId(), agent);
        Boolean reachable = delivery.map(PresenceRepository.Delivery::answered).orElse(null);
        String silentSince = lastActive != null ? lastActive : member.joinedAt();
        boolean stuck = held.any() && Timestamps.isValid(silentSince)
                && Timestamps.parse(silentSince).plus(config.stuckAfter()).isBefore(now);
        return new MemberPresence(agent, you, agent.equals(swarm.master()), state,
                presence.map(PresenceRow::stateSince).orElse(null), lastSeen, lastActive, reachable,
                delivery.map(PresenceRepository.Delivery::at).orElse(null),
                delivery.map(PresenceRepository.Delivery::errorCode).filter(code -> ERROR_CODE.matcher(code).matches())
                        .orElse(null),
                presence.map(PresenceRow::client).orElse(null),
                presence.map(PresenceRow::roles).orElse(List.of()), held.claims(), held.leases(), stuck,
                stuck ? silentSince : null);
    }

    /** Claims by holder, from the issue board: claimed or blocked issues, per owner. */
    private Map<String, List<String>> claims(String swarmId) {
        Map<String, List<String>> byOwner = new HashMap<>();
        for (IssueBoard.Entry entry : issues.board(swarmId).issues()) {
            if (entry.owner() != null && (IssueBoard.CLAIMED.equals(entry.state())
                    || IssueBoard.BLOCKED.equals(entry.state()))) {
                byOwner.computeIfAbsent(entry.owner(), owner -> new ArrayList<>()).add(entry.issue());
            }
        }
        return byOwner;
    }

    /** Leased paths by holder, from the lease table: active leases, one item per glob, owner/repo:glob. */
    private Map<String, List<String>> leases(Swarm swarm) {
        Map<String, List<String>> byHolder = new HashMap<>();
        for (LeaseTable.Lease lease : leases.table(swarm).leases()) {
            if (lease.active()) {
                lease.paths().forEach(path -> byHolder.computeIfAbsent(lease.holder(), h -> new ArrayList<>())
                        .add(lease.repo() + ":" + path));
            }
        }
        return byHolder;
    }

    private static String latest(String a, String b) {
        if (a == null) {
            return b;
        }
        return b == null || a.compareTo(b) >= 0 ? a : b;
    }
}

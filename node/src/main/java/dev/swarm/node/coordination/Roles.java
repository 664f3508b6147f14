package dev.swarm.node.coordination;

import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.membership.SwarmResolver;
import dev.swarm.node.protocol.Identifiers;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.PresenceRow;
import dev.swarm.node.state.Swarm;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code swarm role}: the roles this node's agent holds in a swarm (added, removed, listed), and who
 * holds which as their presence says. A role is a name like an agent id; a member holds at most
 * {@value #MAX_ROLES} per swarm. The daemon's presence announces a change within
 * {@code presence_debounce} (nothing is announced while no daemon runs).
 */
public final class Roles {
    public static final int MAX_ROLES = 32;

    private final String selfId;
    private final Database database;
    private final SwarmResolver resolver;
    private final Clock clock;

    public Roles(String selfId, Database database, SwarmResolver resolver, Clock clock) {
        this.selfId = selfId;
        this.database = database;
        this.resolver = resolver;
        this.clock = clock;
    }

    /** What an add or remove did: the swarm, the role, whether anything changed, the roles held now. */
    public record Change(String status, String swarmId, String swarmName, String role, List<String> roles) {
    }

    /** The roles of one swarm: this node's, and every member's holders per role (this node among them). */
    public record SwarmRoles(String swarmId, String name, List<String> yours, Map<String, List<String>> holders) {
    }

    /** {@code swarm role list}. */
    public record Listing(String agentId, List<SwarmRoles> swarms) {
    }

    /** Refuses a name that is not like an agent id. */
    public static void check(String role) {
        if (!Identifiers.isAgentId(role)) {
            throw SwarmException.invalidArgument("a role is a name like an agent id ([a-zA-Z0-9_.-], 1 to 256"
                    + " characters), not '" + role + "'");
        }
    }

    public Change add(String requestedSwarm, String role) {
        check(role);
        Swarm swarm = resolver.resolveActive(requestedSwarm);
        String at = Timestamps.format(clock.instant());
        return database.write(store -> {
            List<String> held = store.presence().localRoles(swarm.swarmId());
            if (!held.contains(role) && held.size() >= MAX_ROLES) {
                throw new SwarmException(ErrorCode.INVALID_ARGUMENT, "you hold " + MAX_ROLES + " roles in swarm "
                        + swarm.name() + " already, the most there can be; remove one first");
            }
            boolean added = store.presence().addLocalRole(swarm.swarmId(), role, at);
            return new Change(added ? "added" : "unchanged", swarm.swarmId(), swarm.name(), role,
                    store.presence().localRoles(swarm.swarmId()));
        });
    }

    public Change remove(String requestedSwarm, String role) {
        check(role);
        Swarm swarm = resolver.resolveActive(requestedSwarm);
        return database.write(store -> {
            if (!store.presence().removeLocalRole(swarm.swarmId(), role)) {
                throw new SwarmException(ErrorCode.NOT_FOUND, "you do not hold role " + role + " in swarm "
                        + swarm.name(), Map.of("role", role, "swarm_id", swarm.swarmId()));
            }
            return new Change("removed", swarm.swarmId(), swarm.name(), role,
                    store.presence().localRoles(swarm.swarmId()));
        });
    }

    /** Every active swarm, or the one named. */
    public Listing list(String requestedSwarm) {
        List<Swarm> swarms = requestedSwarm == null
                ? database.read(store -> store.swarms().all()).stream().filter(Swarm::isActive).toList()
                : List.of(resolver.resolve(requestedSwarm));
        List<SwarmRoles> result = new ArrayList<>();
        for (Swarm swarm : swarms) {
            result.add(database.read(store -> {
                List<String> yours = store.presence().localRoles(swarm.swarmId());
                Set<String> members = new TreeSet<>(store.members().list(swarm.swarmId()).stream()
                        .map(Member::agentId).toList());
                Map<String, Set<String>> holders = new TreeMap<>();
                for (PresenceRow row : store.presence().list(swarm.swarmId())) {
                    if (!row.agentId().equals(selfId) && members.contains(row.agentId())) {
                        row.roles().forEach(role -> holders.computeIfAbsent(role, r -> new TreeSet<>()).add(row.agentId()));
                    }
                }
                yours.forEach(role -> holders.computeIfAbsent(role, r -> new TreeSet<>()).add(selfId));
                Map<String, List<String>> lists = new TreeMap<>();
                holders.forEach((role, agents) -> lists.put(role, List.copyOf(agents)));
                return new SwarmRoles(swarm.swarmId(), swarm.name(), yours, lists);
            }));
        }
        return new Listing(selfId, result);
    }
}

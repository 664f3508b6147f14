package dev.swarm.node.membership;

import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.Swarm;
import java.util.List;
import java.util.Optional;

/**
 * Decides which swarm a command means. The caller passes the first of {@code --swarm},
 * {@code SWARM_ID} and {@code default_swarm} that is set (see Settings); without one, the only swarm
 * this node is active in is used; otherwise the user is told to choose. A unique prefix of a swarm id
 * (at least four characters) is accepted.
 */
public final class SwarmResolver {
    private final Database database;

    public SwarmResolver(Database database) {
        this.database = database;
    }

    public Swarm resolve(String requested) {
        List<Swarm> all = database.read(store -> store.swarms().all());
        if (requested != null && !requested.isBlank()) {
            List<Swarm> matches = all.stream().filter(s -> s.swarmId().equals(requested)).toList();
            if (matches.isEmpty() && requested.length() >= 4) {
                matches = all.stream().filter(s -> s.swarmId().startsWith(requested)).toList();
            }
            if (matches.size() == 1) {
                return matches.get(0);
            }
            if (matches.size() > 1) {
                throw SwarmException.invalidArgument("swarm id prefix '" + requested + "' matches " + matches.size()
                        + " swarms; give more of the id");
            }
            throw new SwarmException(ErrorCode.SWARM_NOT_FOUND, "this node is not in swarm " + requested);
        }
        List<Swarm> active = all.stream().filter(Swarm::isActive).toList();
        if (active.size() == 1) {
            return active.get(0);
        }
        if (active.isEmpty() && !all.isEmpty()) {
            throw new SwarmException(ErrorCode.SWARM_NOT_FOUND, "this node is in no active swarm any more ("
                    + String.join(", ", all.stream().map(s -> s.name() + ": " + s.state()).toList())
                    + "); join one with 'swarm join' or create one with 'swarm create'");
        }
        if (active.isEmpty()) {
            throw new SwarmException(ErrorCode.SWARM_NOT_FOUND,
                    "this node is in no swarm yet; create one with 'swarm create' or join with 'swarm join'");
        }
        throw SwarmException.invalidArgument("this node is in " + active.size() + " swarms; choose one with --swarm,"
                + " SWARM_ID or default_swarm in config.yaml ("
                + String.join(", ", active.stream().map(s -> s.swarmId() + " " + s.name()).toList()) + ")");
    }

    /**
     * For views that can span swarms (the inbox): the requested swarm, or the only one, or empty
     * meaning "all of them" when there are several and none was chosen.
     */
    public Optional<Swarm> resolveOrAll(String requested) {
        if (requested != null && !requested.isBlank()) {
            return Optional.of(resolve(requested));
        }
        List<Swarm> all = database.read(store -> store.swarms().all());
        return all.size() == 1 ? Optional.of(all.get(0)) : Optional.empty();
    }

    /** Like {@link #resolve} but the swarm must be active (we are still a member). */
    public Swarm resolveActive(String requested) {
        Swarm swarm = resolve(requested);
        if (!swarm.isActive()) {
            throw new SwarmException(ErrorCode.NOT_MEMBER, "this node is no longer a member of swarm "
                    + swarm.swarmId() + " (" + swarm.state() + ")");
        }
        return swarm;
    }
}

package dev.swarm.node.membership;

import dev.swarm.node.error.SwarmException;
import dev.swarm.node.identity.Identity;
import dev.swarm.node.protocol.Identifiers;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.Swarm;
import java.time.Clock;
import java.util.List;

/** Creating swarms and listing what this node is in. */
public final class SwarmService {
    public static final int MAX_NAME_LENGTH = 128;

    private final Database database;
    private final Identity identity;
    private final List<String> capabilities;
    private final Clock clock;

    public SwarmService(Database database, Identity identity, List<String> capabilities, Clock clock) {
        this.database = database;
        this.identity = identity;
        this.capabilities = List.copyOf(capabilities);
        this.clock = clock;
    }

    /** Creates a swarm with this agent as master and only member. */
    public Swarm create(String name, boolean requireApproval) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > MAX_NAME_LENGTH || trimmed.chars().anyMatch(Character::isISOControl)) {
            throw SwarmException.invalidArgument("a swarm name is 1 to " + MAX_NAME_LENGTH
                    + " characters without control characters");
        }
        String now = Timestamps.format(clock.instant());
        Swarm swarm = new Swarm(Identifiers.newUuid(), trimmed, identity.agentId(), Swarm.ACTIVE, requireApproval,
                now, now);
        database.write(store -> {
            store.swarms().insert(swarm);
            store.members().upsert(new Member(swarm.swarmId(), identity.agentId(), identity.endpoint(),
                    identity.publicKeyBase64(), capabilities, now));
            return null;
        });
        return swarm;
    }

    /** A swarm with its members. */
    public record SwarmWithMembers(Swarm swarm, List<Member> members) {
    }

    public List<SwarmWithMembers> list(String onlySwarmId) {
        return database.read(store -> store.swarms().all().stream()
                .filter(s -> onlySwarmId == null || s.swarmId().equals(onlySwarmId))
                .map(s -> new SwarmWithMembers(s, store.members().list(s.swarmId())))
                .toList());
    }
}

package dev.swarm.node.membership;

import dev.swarm.node.crypto.Ed25519;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.Swarm;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/**
 * The receive path's view of swarms and member keys, cached so verifying a message costs no query.
 * A miss (unknown swarm or member) reloads that swarm from the database, which picks up changes made
 * by other processes (a {@code swarm join} run beside {@code swarm serve}). A stale hit cannot let a
 * removed member in: the inbox writer re-reads the member's key inside its transaction and calls
 * {@link #invalidate} when it no longer matches.
 */
public final class MemberDirectory {
    private final Database database;
    private final Map<String, SwarmView> swarms = new ConcurrentHashMap<>();

    public MemberDirectory(Database database) {
        this.database = database;
    }

    /** A member with its decoded key (decoding once per member, not per message). */
    public record Entry(Member member, Ed25519PublicKeyParameters key) {
    }

    /** A swarm and its members at the time it was loaded. */
    public record SwarmView(Swarm swarm, Map<String, Entry> members) {
        public Optional<Entry> member(String agentId) {
            return Optional.ofNullable(members.get(agentId));
        }
    }

    public Optional<SwarmView> swarm(String swarmId) {
        SwarmView cached = swarms.get(swarmId);
        return cached != null ? Optional.of(cached) : load(swarmId);
    }

    /** The member, reloading the swarm once when the cached view does not know it. */
    public Optional<Entry> member(String swarmId, String agentId) {
        SwarmView cached = swarms.get(swarmId);
        if (cached != null) {
            Optional<Entry> hit = cached.member(agentId);
            if (hit.isPresent()) {
                return hit;
            }
        }
        return load(swarmId).flatMap(view -> view.member(agentId));
    }

    /** The swarm as the database holds it now (for decisions that must not rest on a stale view). */
    public Optional<SwarmView> reload(String swarmId) {
        return load(swarmId);
    }

    public void invalidate(String swarmId) {
        swarms.remove(swarmId);
    }

    private Optional<SwarmView> load(String swarmId) {
        record Loaded(Swarm swarm, List<Member> members) { }
        Optional<Loaded> loaded = database.read(store -> store.swarms().find(swarmId)
                .map(swarm -> new Loaded(swarm, store.members().list(swarmId))));
        if (loaded.isEmpty()) {
            swarms.remove(swarmId);
            return Optional.empty();
        }
        Map<String, Entry> members = new LinkedHashMap<>();
        for (Member member : loaded.get().members()) {
            try {
                members.put(member.agentId(), new Entry(member, Ed25519.publicKey(member.publicKey())));
            } catch (IllegalArgumentException e) {
                // a key that does not decode cannot verify anything; the member is treated as absent
            }
        }
        SwarmView view = new SwarmView(loaded.get().swarm(), Map.copyOf(members));
        swarms.put(swarmId, view);
        return Optional.of(view);
    }
}

package dev.swarm.node.membership;

import dev.swarm.node.client.PeerClient;
import dev.swarm.node.client.PeerResponse;
import dev.swarm.node.crypto.Ed25519;
import dev.swarm.node.protocol.InfoResponse;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.Swarm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns a new member's key the way older peers do (PROTOCOL.md section 5): an older master announces
 * {@code member_joined} without {@code public_key}, so after storing the announcement this node asks
 * {@code GET {endpoint}/info} at the endpoint the master announced and checks that the answer names
 * the announced agent. The member is added only if the swarm is still active here with the same
 * master that announced it, and only if it is not a member already (an existing member's key is never
 * replaced by an unsigned answer). Runs in the background; a failure leaves the member unknown.
 */
public final class MemberInfoLookup {
    private static final Logger LOG = LoggerFactory.getLogger(MemberInfoLookup.class);

    private final Database database;
    private final PeerClient client;
    private final MemberDirectory directory;

    public MemberInfoLookup(Database database, PeerClient client, MemberDirectory directory) {
        this.database = database;
        this.client = client;
        this.directory = directory;
    }

    /** The member announced by {@code master} in a stored {@code member_joined} without a key. */
    public record Announced(String swarmId, String master, String agentId, String endpoint, String joinedAt) {
    }

    /** Starts the lookup and returns at once. */
    public void learn(Announced announced) {
        client.get(announced.endpoint(), "/info").whenComplete((response, failure) -> {
            try {
                if (failure != null) {
                    LOG.warn("cannot ask {} who it is: {}", announced.endpoint(), failure.toString());
                } else {
                    accept(announced, response);
                }
            } catch (RuntimeException e) {
                LOG.warn("cannot learn the key of {} from {}: {}", announced.agentId(), announced.endpoint(),
                        e.getMessage());
            }
        });
    }

    private void accept(Announced announced, PeerResponse response) {
        if (!response.isSuccess()) {
            throw response.toException(announced.endpoint());
        }
        InfoResponse info = PeerClient.parse(response, InfoResponse.class, announced.endpoint());
        if (!announced.agentId().equals(info.agentId()) || !Ed25519.isPublicKey(info.publicKey())) {
            LOG.warn("{} answered /info as {}, not as {} whom the master announced; not adding it",
                    announced.endpoint(), info.agentId(), announced.agentId());
            return;
        }
        boolean added = database.write(store -> {
            boolean sameMaster = store.swarms().find(announced.swarmId()).filter(Swarm::isActive)
                    .filter(swarm -> swarm.master().equals(announced.master())).isPresent();
            if (!sameMaster || store.members().find(announced.swarmId(), announced.agentId()).isPresent()) {
                return false;
            }
            store.members().upsert(new Member(announced.swarmId(), announced.agentId(), announced.endpoint(),
                    info.publicKey(), info.capabilities(), announced.joinedAt()));
            return true;
        });
        if (added) {
            directory.invalidate(announced.swarmId());
        }
    }
}

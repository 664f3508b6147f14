package dev.swarm.node.membership;

import dev.swarm.node.client.PeerClient;
import dev.swarm.node.client.PeerResponse;
import dev.swarm.node.crypto.Ed25519;
import dev.swarm.node.protocol.InfoResponse;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.Swarm;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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

    /** Waits before the second, third... try of a lookup that could not reach the member: about ten minutes in all. */
    static final List<Duration> RETRIES = List.of(Duration.ofSeconds(2), Duration.ofSeconds(5),
            Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
            Duration.ofMinutes(5));

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
        attempt(announced, 0);
    }

    /**
     * One try; a failure to reach the member (its server may not be up yet when the master announces
     * it) is tried again after each of {@link #RETRIES}, then given up. A wrong answer is final.
     */
    private void attempt(Announced announced, int tried) {
        client.get(announced.endpoint(), "/info").whenComplete((response, failure) -> {
            try {
                if (failure != null || !response.isSuccess()) {
                    String why = failure != null ? failure.toString() : "HTTP " + response.status();
                    if (tried < RETRIES.size()) {
                        CompletableFuture.delayedExecutor(RETRIES.get(tried).toMillis(), TimeUnit.MILLISECONDS)
                                .execute(() -> retry(announced, tried + 1));
                    } else {
                        LOG.warn("cannot ask {} who it is ({}), gave up after {} tries", announced.endpoint(), why,
                                tried + 1);
                    }
                } else {
                    accept(announced, response);
                }
            } catch (RuntimeException e) {
                LOG.warn("cannot learn the key of {} from {}: {}", announced.agentId(), announced.endpoint(),
                        e.getMessage());
            }
        });
    }

    private void retry(Announced announced, int tried) {
        try {
            attempt(announced, tried);
        } catch (RuntimeException e) {
            // the node may have closed meanwhile (its client with it): nothing left to learn for
            LOG.warn("cannot ask {} who it is: {}", announced.endpoint(), e.toString());
        }
    }

    private void accept(Announced announced, PeerResponse response) {
        InfoResponse info = PeerClient.parse(response, InfoResponse.class, announced.endpoint());
        if (!announced.agentId().equals(info.agentId()) || !Ed25519.isPublicKey(info.publicKey())) {
            LOG.warn("{} answered /info as {}, not as {} whom the master announced; not adding it",
                    announced.endpoint(), info.agentId(), announced.agentId());
            return;
        }
        boolean added = database.write(store -> {
            boolean sameMaster = store.swarms().find(announced.swarmId()).filter(Swarm::isActive)
                    .filter(swarm -> swarm.master().equals(announced.master())).isPresent();
            if (!sameMaster || store.members().find(announced.swarmId(), announced.agentId()).isPresent()
                    || store.members().holderOfKey(announced.swarmId(), info.publicKey()).isPresent()
                    || store.removedMembers().find(announced.swarmId(), announced.agentId(), info.publicKey())
                            .isPresent()) {
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

package dev.swarm.node.presence;

import dev.swarm.node.client.PeerClient;
import dev.swarm.node.client.PeerResponse;
import dev.swarm.node.protocol.InfoResponse;
import java.util.concurrent.CompletableFuture;

/** {@link PresenceService.Poster} over the shared peer client (its endpoint policy, timeouts and trust). */
public final class PeerPoster implements PresenceService.Poster {
    private final PeerClient client;

    public PeerPoster(PeerClient client) {
        this.client = client;
    }

    @Override
    public CompletableFuture<PeerResponse> post(String endpoint, byte[] envelope) {
        return client.post(endpoint, "/message", envelope);
    }

    @Override
    public CompletableFuture<InfoResponse> info(String endpoint) {
        return client.get(endpoint, "/info").thenApply(response -> {
            if (!response.isSuccess()) {
                throw response.toException(endpoint);
            }
            return PeerClient.parse(response, InfoResponse.class, endpoint);
        });
    }
}

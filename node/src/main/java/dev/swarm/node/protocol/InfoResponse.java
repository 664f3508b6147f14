package dev.swarm.node.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** {@code GET {endpoint}/info}. The public key is always derived from the node's own private key. */
public record InfoResponse(
        String agentId,
        String endpoint,
        String publicKey,
        String protocolVersion,
        List<String> capabilities,
        @JsonInclude(JsonInclude.Include.ALWAYS) Map<String, Object> metadata) {
}

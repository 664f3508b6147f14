package dev.swarm.node.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The 200 answer to a reachability probe ({@code schemas/probe-answer.schema.json}): who probed, the
 * request's nonce, whether the member's endpoint answered {@code GET /info} as that member, and if not
 * why ({@code error_code} is our error code for the failure, {@code error} its words).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProbeAnswer(String prober, String nonce, String endpoint, boolean reachable, Integer httpStatus,
                          String answeredAs, long elapsedMs, String errorCode, String error, String checkedAt) {
}

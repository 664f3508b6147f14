package dev.swarm.node.doctor;

import dev.swarm.node.client.PeerClient;
import dev.swarm.node.client.PeerResponse;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.identity.Identity;
import dev.swarm.node.protocol.Identifiers;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.protocol.ProbeAnswer;
import dev.swarm.node.protocol.ProbeRequest;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Whether this node's endpoint can be reached from outside: a member is asked to call it back with a
 * signed {@code POST /probe} (docs/protocol.md), which only a node of ours answers. Up to
 * {@link #ASKED} members are asked, those this node last reached first, until one has tried. A member
 * that does not know the route (an older node, a Python one) answers 404 and the next is asked; when
 * none can probe, the check warns and says how to test by hand.
 */
final class ReachabilityCheck implements DoctorCheck {
    static final String NAME = "reachable";
    static final int ASKED = 3;
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final Identity identity;
    private final Database database;
    private final PeerClient client;
    private final Clock clock;

    ReachabilityCheck(Identity identity, Database database, PeerClient client, Clock clock) {
        this.identity = identity;
        this.database = database;
        this.client = client;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult run() {
        List<Members.Peer> peers = Members.others(database, identity.agentId(), ASKED);
        String byHand = "from another host: curl -sS " + identity.endpoint() + "/health";
        if (peers.isEmpty()) {
            return CheckResult.skip(NAME, "no other member to ask; test " + byHand);
        }
        List<String> notes = new ArrayList<>();
        boolean anyCanProbe = false;
        for (Members.Peer peer : peers) {
            byte[] body = Json.toBytes(ProbeRequest.signed(peer.swarmId(), identity.agentId(), identity.endpoint(),
                    Identifiers.newUuid(), Timestamps.format(clock.instant()), identity.privateKey()));
            CompletableFuture<PeerResponse> call = client.post(peer.endpoint(), "/probe", body)
                    .orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            PeerResponse answer;
            try {
                answer = PeerClient.await(call, peer.endpoint());
            } catch (SwarmException e) {
                notes.add(peer.agentId() + ": " + e.getMessage());
                continue;
            }
            if (answer.isSuccess()) {
                ProbeAnswer probe;
                try {
                    probe = PeerClient.parse(answer, ProbeAnswer.class, peer.endpoint());
                } catch (SwarmException e) {
                    notes.add(peer.agentId() + ": " + e.getMessage());
                    continue;
                }
                Map<String, Object> details = Map.of("prober", peer.agentId(), "endpoint", identity.endpoint(),
                        "elapsed_ms", probe.elapsedMs(), "other_members", notes);
                if (probe.reachable()) {
                    return CheckResult.ok(NAME, peer.agentId() + " reached " + identity.endpoint() + " in "
                            + probe.elapsedMs() + " ms", details);
                }
                return CheckResult.fail(NAME, peer.agentId() + " cannot reach " + identity.endpoint() + ": "
                        + probe.error(), advice(probe.errorCode()), details);
            }
            SwarmException refused = answer.toException(peer.endpoint());
            Object reason = refused.details() == null ? null : refused.details().get("reason");
            if ("not_on_record".equals(reason)) {
                return CheckResult.fail(NAME, peer.agentId() + " has " + refused.details().get("on_record")
                        + " on record for this node, not " + identity.endpoint(), "members deliver to the endpoint"
                        + " they have on record: serve at that address again, or leave and re-join the swarm with"
                        + " this endpoint", Map.of("prober", peer.agentId(), "on_record",
                        refused.details().get("on_record")));
            }
            if (answer.status() == 404 || answer.status() == 405) {
                notes.add(peer.agentId() + " cannot probe (an older node)");
            } else {
                anyCanProbe = true;
                notes.add(peer.agentId() + " refused: " + refused.code() + " " + refused.getMessage());
            }
        }
        return CheckResult.warn(NAME, (anyCanProbe ? "no member could probe this node: " : "no member asked can"
                + " probe this node (older versions): ") + String.join("; ", notes), "test " + byHand
                + " (it must answer with this node's agent id)", Map.of("other_members", notes));
    }

    private static String advice(String errorCode) {
        String common = "members call the endpoint from outside: check DNS, the firewall (ufw status), the proxy"
                + " (systemctl status caddy) and that swarm serve runs";
        if (ErrorCode.PEER_PROTOCOL_ERROR.name().equals(errorCode)) {
            return "something answers at the endpoint, but not this node: " + common;
        }
        if (errorCode != null && errorCode.contains("CERT")) {
            return "the members do not trust the certificate: " + common;
        }
        return common;
    }
}

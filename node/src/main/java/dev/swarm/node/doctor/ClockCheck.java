package dev.swarm.node.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.client.PeerClient;
import dev.swarm.node.client.PeerResponse;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * This host's clock against the members': each member's {@code GET /health} carries its time, compared
 * with the middle of the request's round trip here. Receivers refuse messages whose timestamp is off
 * by more than their skew (300 s by default), so past half of that the check fails; past
 * {@link #WARN} it warns (a host without NTP drifts that far in days).
 */
final class ClockCheck implements DoctorCheck {
    static final String NAME = "clock";
    static final Duration WARN = Duration.ofSeconds(10);
    static final int MEMBERS = 10;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Database database;
    private final String selfId;
    private final PeerClient client;
    private final Clock clock;
    private final Duration allowedSkew;

    ClockCheck(Database database, String selfId, PeerClient client, Clock clock, Duration allowedSkew) {
        this.database = database;
        this.selfId = selfId;
        this.client = client;
        this.clock = clock;
        this.allowedSkew = allowedSkew;
    }

    @Override
    public String name() {
        return NAME;
    }

    private record Reading(String agentId, Duration offset, Duration roundTrip) {
    }

    @Override
    public CheckResult run() {
        List<Members.Peer> peers = Members.others(database, selfId, MEMBERS);
        if (peers.isEmpty()) {
            return CheckResult.skip(NAME, "no other member to compare clocks with");
        }
        List<CompletableFuture<Reading>> asked = new ArrayList<>();
        for (Members.Peer peer : peers) {
            Instant sent = clock.instant();
            asked.add(client.get(peer.endpoint(), "/health").orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .handle((answer, failure) -> reading(peer, sent, answer)));
        }
        Map<String, Object> offsets = new LinkedHashMap<>();
        Reading worst = null;
        for (CompletableFuture<Reading> each : asked) {
            Reading reading = each.join();
            if (reading != null) {
                offsets.put(reading.agentId(), reading.offset().toMillis() / 1000.0);
                if (worst == null || reading.offset().abs().compareTo(worst.offset().abs()) > 0) {
                    worst = reading;
                }
            }
        }
        if (worst == null) {
            return CheckResult.warn(NAME, "no member answered GET /health, so the clock could not be compared",
                    "see the reachability check; compare by hand with date -u on another host", Map.of());
        }
        Map<String, Object> details = Map.of("offset_seconds", offsets, "allowed_skew_seconds", allowedSkew.toSeconds());
        String summary = "largest difference " + seconds(worst.offset()) + " (" + worst.agentId() + "'s clock is "
                + (worst.offset().isNegative() ? "behind" : "ahead of") + " this host's) among " + offsets.size()
                + " member" + (offsets.size() == 1 ? "" : "s");
        String advice = "turn on time synchronisation (timedatectl set-ntp true, or chrony) on the host that is off:"
                + " when every member differs from this host by about the same, it is this one";
        if (worst.offset().abs().compareTo(allowedSkew.dividedBy(2)) > 0) {
            return CheckResult.fail(NAME, summary + "; messages are refused past " + allowedSkew.toSeconds() + " s",
                    advice, details);
        }
        if (worst.offset().abs().compareTo(WARN) > 0) {
            return CheckResult.warn(NAME, summary, advice, details);
        }
        return CheckResult.ok(NAME, summary, details);
    }

    private Reading reading(Members.Peer peer, Instant sent, PeerResponse answer) {
        Instant received = clock.instant();
        if (answer == null || !answer.isSuccess()) {
            return null;
        }
        try {
            JsonNode health = Json.readTree(answer.body());
            Instant theirs = Timestamps.parse(health.path("timestamp").asText());
            Duration roundTrip = Duration.between(sent, received);
            Instant middle = sent.plus(roundTrip.dividedBy(2));
            return new Reading(peer.agentId(), Duration.between(middle, theirs), roundTrip);
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    private static String seconds(Duration offset) {
        return String.format(java.util.Locale.ROOT, "%.1f s", Math.abs(offset.toMillis()) / 1000.0);
    }
}

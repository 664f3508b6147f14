package dev.swarm.node.bench;

import dev.swarm.node.SwarmNode;
import dev.swarm.node.client.ClientConfig;
import dev.swarm.node.client.PeerClient;
import dev.swarm.node.client.PeerResponse;
import dev.swarm.node.messaging.Envelopes;
import dev.swarm.node.messaging.SendRequest;
import dev.swarm.node.messaging.SendResult;
import dev.swarm.node.protocol.Envelope;
import dev.swarm.node.protocol.EnvelopeCodec;
import dev.swarm.node.state.InboxStatus;
import dev.swarm.node.state.Swarm;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Broadcast fan-out: the time from {@code swarm send} (broadcast) until every other member of an
 * N-member swarm has stored the message. A member answers 200 only after committing the message, so
 * the send returning with every delivery answered is that moment. The anchor, measured in the same
 * run against the same nodes, is what the Python implementation does: post the broadcast to one
 * member after another, each waiting for the previous answer.
 */
public final class BroadcastBenchmark {
    private BroadcastBenchmark() {
    }

    /** Both ways of broadcasting, timed over the same rounds. */
    public record Result(int members, int rounds, Stats parallel, Stats sequential) {
        public double speedup() {
            return parallel.median() == 0 ? 0 : sequential.median() / parallel.median();
        }
    }

    public static Result run(int members, int rounds, int warmup) {
        if (members < 2) {
            throw new IllegalArgumentException("a broadcast needs at least two members");
        }
        try (LocalCluster cluster = LocalCluster.start(members)) {
            Swarm swarm = cluster.formSwarm("bench");
            SwarmNode sender = cluster.nodes().get(0);
            List<Double> parallel = new ArrayList<>();
            List<Double> sequential = new ArrayList<>();
            ClientConfig config = new ClientConfig(cluster.caFile(), false, Duration.ofSeconds(5), Duration.ofSeconds(30),
                    "loopback");
            try (PeerClient anchorClient = new PeerClient(config, sender.identity().agentId())) {
                Envelopes envelopes = new Envelopes(sender.identity(), Clock.systemUTC());
                for (int round = 0; round < warmup + rounds; round++) {
                    double ours = timeParallel(sender, swarm, cluster, round);
                    double theirs = timeSequential(anchorClient, envelopes, swarm, cluster, round);
                    if (round >= warmup) {
                        parallel.add(ours);
                        sequential.add(theirs);
                    }
                }
            }
            return new Result(members, rounds, Stats.of(parallel), Stats.of(sequential));
        }
    }

    private static double timeParallel(SwarmNode sender, Swarm swarm, LocalCluster cluster, int round) {
        long start = System.nanoTime();
        SendResult result = sender.messages().send(SendRequest.text(swarm.swarmId(), null, "broadcast " + round));
        double millis = (System.nanoTime() - start) / 1e6;
        if (!"sent".equals(result.status())) {
            throw new IllegalStateException("broadcast " + round + " was not stored by every member: " + result);
        }
        requireStoredEverywhere(cluster, result.messageId());
        return millis;
    }

    private static double timeSequential(PeerClient client, Envelopes envelopes, Swarm swarm, LocalCluster cluster,
                                         int round) {
        Envelope envelope = envelopes.build(Envelopes.Draft.message(swarm.swarmId(), "broadcast", "sequential " + round));
        byte[] body = EnvelopeCodec.toBytes(envelope);
        long start = System.nanoTime();
        for (SwarmNode member : cluster.nodes().subList(1, cluster.nodes().size())) {
            PeerResponse response = PeerClient.await(client.post(member.identity().endpoint(), "/message", body),
                    member.identity().agentId());
            if (!response.isSuccess()) {
                throw new IllegalStateException("sequential broadcast refused: HTTP " + response.status());
            }
        }
        double millis = (System.nanoTime() - start) / 1e6;
        requireStoredEverywhere(cluster, envelope.messageId());
        return millis;
    }

    private static void requireStoredEverywhere(LocalCluster cluster, String messageId) {
        for (SwarmNode member : cluster.nodes().subList(1, cluster.nodes().size())) {
            boolean stored = member.database().read(store -> store.inbox().list(null,
                    EnumSet.allOf(InboxStatus.class), 1_000_000).stream().anyMatch(m -> m.messageId().equals(messageId)));
            if (!stored) {
                throw new IllegalStateException(member.identity().agentId() + " has not stored " + messageId);
            }
        }
    }
}

package dev.swarm.node.bench;

import dev.swarm.node.client.ClientConfig;
import dev.swarm.node.client.PeerClient;
import dev.swarm.node.crypto.Ed25519;
import dev.swarm.node.identity.Identity;
import dev.swarm.node.messaging.Envelopes;
import dev.swarm.node.protocol.EnvelopeCodec;
import dev.swarm.node.state.Member;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The load generator's agents: members that exist only as a key pair, each with its own HTTP/2
 * connection (its own client), signing messages exactly as a node does (legacy and full-envelope
 * signature) to one recipient.
 */
public final class Senders implements AutoCloseable {
    private static final String CONTENT = "benchmark message: a line of about the length agents send each other,"
            + " with a few words more so it is not trivially small.";

    private final String swarmId;
    private final String recipient;
    private final List<Identity> identities = new ArrayList<>();
    private final List<Envelopes> envelopes = new ArrayList<>();
    private final List<PeerClient> clients = new ArrayList<>();

    public Senders(int count, String swarmId, String recipient, ClientConfig client) {
        this(count, swarmId, recipient, client, null);
    }

    /**
     * Senders whose endpoint is {@code endpoint} (all the same: a node on this host, which the
     * receiving node recognises by the address the senders post from), or made up when it is null.
     */
    public Senders(int count, String swarmId, String recipient, ClientConfig client, String endpoint) {
        this.swarmId = swarmId;
        this.recipient = recipient;
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < count; i++) {
            Identity identity = new Identity("bench-sender-" + i, endpoint != null ? endpoint
                    : "https://sender-" + i + ".bench.invalid/swarm", Ed25519.newSeed(random));
            identities.add(identity);
            envelopes.add(new Envelopes(identity, Clock.systemUTC()));
            clients.add(new PeerClient(client, identity.agentId()));
        }
    }

    public int size() {
        return identities.size();
    }

    /** The senders as members of the swarm, for the receiving node's member list. */
    public List<Member> members(String since) {
        return identities.stream().map(id -> new Member(swarmId, id.agentId(), id.endpoint(), id.publicKeyBase64(),
                List.of(), since)).toList();
    }

    public PeerClient client(int sender) {
        return clients.get(sender);
    }

    /** One fresh signed message of {@code sender}, as the bytes it posts. */
    public byte[] sign(int sender, long sequence) {
        return EnvelopeCodec.toBytes(envelopes.get(sender).build(Envelopes.Draft.message(swarmId, recipient,
                CONTENT + " #" + sequence)));
    }

    /** {@code perSender} fresh messages for each of the first {@code senders}, signed on all cores. */
    public List<List<byte[]>> signBatches(int senders, int perSender) {
        return IntStream.range(0, senders).parallel()
                .mapToObj(s -> IntStream.range(0, perSender).mapToObj(i -> sign(s, i)).toList()).toList();
    }

    @Override
    public void close() {
        clients.forEach(PeerClient::close);
    }
}

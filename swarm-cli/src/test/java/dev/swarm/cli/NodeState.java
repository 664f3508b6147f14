package dev.swarm.cli;

import dev.swarm.node.crypto.Ed25519;
import dev.swarm.node.identity.SwarmHome;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.Store;
import dev.swarm.node.state.Swarm;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.function.Consumer;

/** Arranges a node's database directly, for states the CLI alone cannot reach (being a plain member). */
final class NodeState {
    static final String AT = "2026-01-01T00:00:00.000Z";

    private NodeState() {
    }

    static void write(Path home, Consumer<Store> work) {
        try (Database database = Database.open(new SwarmHome(home).database())) {
            database.write(store -> {
                work.accept(store);
                return null;
            });
        }
    }

    static Member member(String swarmId, String agentId, String endpoint, String publicKey) {
        return new Member(swarmId, agentId, endpoint, publicKey, List.of(), AT);
    }

    /** A fresh public key: one public key belongs to one member of a swarm, so each member needs its own. */
    static String newKey() {
        return Ed25519.encode(Ed25519.privateKey(Ed25519.newSeed(new SecureRandom())).generatePublicKey());
    }

    static Swarm swarm(String swarmId, String name, String master) {
        return new Swarm(swarmId, name, master, Swarm.ACTIVE, false, AT, AT);
    }
}

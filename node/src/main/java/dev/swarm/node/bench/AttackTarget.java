package dev.swarm.node.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * The node under attack and where the attacker comes from: its port and endpoint on loopback, the CA
 * that issued its certificate, the swarm and agent a message would be for, and the attacker's own
 * loopback addresses (127.0.0.2 and up; the member posts from 127.0.0.1), one per simulated host.
 */
record AttackTarget(int port, String endpoint, Path caFile, String swarmId, String recipient, List<String> addresses) {
    AttackTarget {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("an attacker needs at least one address");
        }
        addresses = List.copyOf(addresses);
    }

    /** The attacker's {@code i}th address, round-robin. */
    String address(int i) {
        return addresses.get(Math.floorMod(i, addresses.size()));
    }

    /** {@code count} loopback addresses from 127.0.0.2 on. */
    static List<String> loopbackAddresses(int count) {
        if (count < 1 || count > 250) {
            throw new IllegalArgumentException("attacker addresses must be 1 to 250");
        }
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> "127.0.0." + (2 + i)).toList();
    }
}

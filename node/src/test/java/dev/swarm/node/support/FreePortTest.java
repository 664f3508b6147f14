package dev.swarm.node.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortTest {

    @Test
    void portsComeFromBelowTheKernelsEphemeralRangeSoNoOutgoingConnectionCanTakeOneWhileItsNodeIsDown()
            throws Exception {
        assumeTrue(FreePort.RANGED, "this kernel's ephemeral range is not readable or starts too low");
        Set<Integer> given = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            int port = FreePort.next();
            assertThat(port).isBetween(FreePort.LOWEST, FreePort.ABOVE - 1);
            given.add(port);
        }
        assertThat(given).hasSize(50);
    }

    @Test
    void aPortInUseIsNotGiven() throws Exception {
        int port = FreePort.next();
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port + 1));
            assertThat(FreePort.next()).isNotEqualTo(port + 1);
        }
    }
}

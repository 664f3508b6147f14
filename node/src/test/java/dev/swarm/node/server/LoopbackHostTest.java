package dev.swarm.node.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The Host names the local API answers: loopback names with any port, and nothing that merely starts like one. */
class LoopbackHostTest {
    @Test
    void loopbackNamesWithAnyPortAreAllowed() {
        for (String host : new String[] {"localhost", "LOCALHOST:80", "127.0.0.1", "127.0.0.1:9444", "[::1]",
                "[::1]:9444", "localhost:65535"}) {
            assertThat(LoopbackHost.allowed(host)).as(host).isTrue();
        }
    }

    @Test
    void rebindingNamesAndOddValuesAreRefused() {
        for (String host : new String[] {null, "", "attacker.example", "127.0.0.1.attacker.example", "localhost.evil",
                "[::1].evil", "[::2]:80", "127.0.0.2", "localhost:abc", "localhost:123456", "0.0.0.0:9444",
                "localhost@evil", "localhost:80:80"}) {
            assertThat(LoopbackHost.allowed(host)).as(String.valueOf(host)).isFalse();
        }
    }
}

package dev.swarm.node.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class IngressTest {
    private static final String MEMBER = "192.0.2.1";
    private static final String STRANGER = "198.51.100.7";

    /** One refusal a second, bursts of ten. */
    private final Ingress ingress = new Ingress(new IngressLimits(256, 64, 32, 64L << 20, 16L << 20,
            Duration.ofSeconds(10), 1), MEMBER::equals);

    private void refuse(String address, int times) {
        for (int i = 0; i < times; i++) {
            ingress.refused(address);
        }
    }

    @Test
    void anAddressNeverRefusedIsNeitherShutOutNorChargedForItsConnections() {
        for (int i = 0; i < 100; i++) {
            assertThat(ingress.admitsConnection(STRANGER)).isTrue();
        }
        assertThat(ingress.shutOut(STRANGER)).isFalse();
    }

    @Test
    void aStrangerThatUsedUpItsRefusalsIsShutOutAndItsNewConnectionsTurnedAway() {
        refuse(STRANGER, 10);
        assertThat(ingress.shutOut(STRANGER)).isTrue();
        assertThat(ingress.admitsConnection(STRANGER)).isFalse();
        assertThat(ingress.admitsConnection("198.51.100.8")).isTrue(); // another address is not concerned
    }

    @Test
    void eachNewConnectionOfAnAddressWithRefusalsCostsOneOfItsTokens() {
        refuse(STRANGER, 7);
        assertThat(ingress.admitsConnection(STRANGER)).isTrue();
        assertThat(ingress.admitsConnection(STRANGER)).isTrue();
        assertThat(ingress.admitsConnection(STRANGER)).isTrue();
        assertThat(ingress.shutOut(STRANGER)).isTrue();
        assertThat(ingress.admitsConnection(STRANGER)).isFalse();
    }

    @Test
    void aMembersOwnAddressIsNeverShutOutNorChargedForItsConnections() {
        refuse(MEMBER, 10);
        assertThat(ingress.shutOut(MEMBER)).isFalse();
        for (int i = 0; i < 100; i++) {
            assertThat(ingress.admitsConnection(MEMBER)).isTrue();
        }
    }
}

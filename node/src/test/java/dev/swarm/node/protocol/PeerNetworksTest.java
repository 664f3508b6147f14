package dev.swarm.node.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which addresses a node posts to: the classes, the default from its own endpoint, and literal spellings. */
class PeerNetworksTest {
    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "169.254.169.254, LINK_LOCAL", "169.254.0.1, LINK_LOCAL", "fe80::1, LINK_LOCAL", "febf::1, LINK_LOCAL",
        "fd00:ec2::254, METADATA", "100.100.100.200, METADATA",
        "224.0.0.1, MULTICAST", "239.255.255.250, MULTICAST", "ff02::1, MULTICAST",
        "0.0.0.0, UNSPECIFIED", "0.1.2.3, UNSPECIFIED", "::, UNSPECIFIED",
        "255.255.255.255, RESERVED", "240.0.0.1, RESERVED", "2001:db8::1, RESERVED",
        "127.0.0.1, LOOPBACK", "127.8.9.10, LOOPBACK", "::1, LOOPBACK",
        "10.1.2.3, PRIVATE", "172.16.0.1, PRIVATE", "172.31.255.255, PRIVATE", "192.168.1.1, PRIVATE",
        "100.64.0.1, PRIVATE", "fd12:3456::1, PRIVATE", "fc00::1, PRIVATE",
        "8.8.8.8, PUBLIC", "172.32.0.1, PUBLIC", "172.15.0.1, PUBLIC", "2606:4700::1111, PUBLIC",
        // IPv4 inside IPv6 is judged by the IPv4 address
        "::ffff:169.254.169.254, LINK_LOCAL", "::ffff:127.0.0.1, LOOPBACK", "64:ff9b::a9fe:a9fe, LINK_LOCAL",
        "2002:a9fe:a9fe::1, LINK_LOCAL", "::ffff:8.8.8.8, PUBLIC",
    })
    void everyAddressFallsInOneClass(String address, PeerNetworks.Kind kind) throws UnknownHostException {
        assertThat(PeerNetworks.classify(InetAddress.getByName(address))).isEqualTo(kind);
    }

    @Test
    void aNodeOnAPublicEndpointCallsOnlyPublicAddresses() {
        PeerNetworks networks = PeerNetworks.of("auto", "https://203.0.113.7/swarm", false);

        assertThat(networks.allowed()).containsExactly(PeerNetworks.Kind.PUBLIC);
        assertThat(networks.hostProblem("127.0.0.1")).get().asString().contains("loopback");
        assertThat(networks.hostProblem("[::1]")).isPresent();
        assertThat(networks.hostProblem("localhost")).isPresent();
        assertThat(networks.hostProblem("10.0.0.5")).get().asString().contains("private");
        assertThat(networks.hostProblem("8.8.8.8")).isEmpty();
        assertThat(networks.hostProblem("peer.example.com")).as("names are checked once resolved").isEmpty();
    }

    @Test
    void aNodeOnLoopbackAlsoCallsLoopbackSoTwoNodesOnOneMachineWork() {
        PeerNetworks networks = PeerNetworks.of("auto", "https://127.0.0.1:9443/swarm", false);

        assertThat(networks.allowed()).containsExactlyInAnyOrder(PeerNetworks.Kind.PUBLIC, PeerNetworks.Kind.LOOPBACK);
        assertThat(networks.hostProblem("127.0.0.1")).isEmpty();
        assertThat(networks.hostProblem("localhost")).isEmpty();
        assertThat(networks.hostProblem("192.168.0.2")).as("not the same class").isPresent();
        assertThat(PeerNetworks.of("auto", "https://localhost:9444/swarm", false).allowed())
                .contains(PeerNetworks.Kind.LOOPBACK);
    }

    @Test
    void aNodeOnALanAddressAlsoCallsPrivateAddresses() {
        PeerNetworks networks = PeerNetworks.of("auto", "https://192.168.1.20:9443/swarm", false);

        assertThat(networks.allowed()).containsExactlyInAnyOrder(PeerNetworks.Kind.PUBLIC, PeerNetworks.Kind.PRIVATE);
        assertThat(networks.hostProblem("10.0.0.9")).isEmpty();
        assertThat(networks.hostProblem("127.0.0.1")).isPresent();
    }

    @Test
    void theSettingNamesTheClassesExactlyAndAllowInsecureLoopbackAddsLoopback() {
        assertThat(PeerNetworks.of("public, private", "https://127.0.0.1/swarm", false).allowed())
                .containsExactlyInAnyOrder(PeerNetworks.Kind.PUBLIC, PeerNetworks.Kind.PRIVATE);
        assertThat(PeerNetworks.of("public", null, true).allowed())
                .containsExactlyInAnyOrder(PeerNetworks.Kind.PUBLIC, PeerNetworks.Kind.LOOPBACK);
        assertThatThrownBy(() -> PeerNetworks.of("public,link-local", null, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("link-local");
    }

    @ParameterizedTest
    @ValueSource(strings = {"169.254.169.254", "[fe80::1]", "[::ffff:169.254.169.254]", "224.0.0.1", "0.0.0.0",
            "[::]", "100.100.100.200", "[fd00:ec2::254]"})
    void neverCalledAddressesAreRefusedWhateverTheSetting(String host) {
        assertThat(PeerNetworks.of("public,private,loopback", null, true).hostProblem(host)).get().asString()
                .contains("never called");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2130706433", "127.1", "0177.0.0.1", "127.000.0.1", "1.2.3.4.5", "999.1.1.1"})
    void aHostOfDigitsThatIsNotADottedQuadIsRefusedRatherThanReadAsAnAddress(String host) {
        assertThat(PeerNetworks.ANY_ALLOWABLE.hostProblem(host)).get().asString().contains("dotted-quad");
    }

    @Test
    void anEndpointPolicyWithNetworksRefusesALiteralAddressAndKeepsItsShapeRules() {
        EndpointPolicy policy = new EndpointPolicy(false, PeerNetworks.of("auto", "https://127.0.0.1/swarm", false));

        assertThat(policy.problem("https://169.254.169.254/latest/meta-data")).get().asString()
                .contains("link-local");
        assertThat(policy.problem("https://127.0.0.1:9444/swarm")).isEmpty();
        assertThat(policy.problem("http://127.0.0.1:9444/swarm")).get().asString().contains("allow-insecure-loopback");
        assertThat(policy.shapeOnly().problem("https://169.254.169.254/swarm")).as("shape only").isEmpty();
    }
}

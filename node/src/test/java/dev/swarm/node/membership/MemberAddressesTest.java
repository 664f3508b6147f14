package dev.swarm.node.membership;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarm.node.state.Database;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.Swarm;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemberAddressesTest {
    @TempDir
    Path dir;

    private Database database;
    private MemberAddresses addresses;

    @BeforeEach
    void setUp() {
        database = Database.open(dir.resolve("node.db"));
        addresses = new MemberAddresses(database);
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    private void members(String... endpoints) {
        database.write(store -> {
            for (int i = 0; i < endpoints.length; i++) {
                store.swarms().insert(new Swarm("s-" + i, "team", "agent-" + i, Swarm.ACTIVE, false,
                        "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z"));
                store.members().upsert(new Member("s-" + i, "agent-" + i, endpoints[i], "key", List.of(),
                        "2026-01-01T00:00:00.000Z"));
            }
            return null;
        });
    }

    @Test
    void nothingIsAMembersAddressBeforeTheFirstRefresh() {
        members("https://127.0.0.1:9443/swarm");

        assertThat(addresses.test("127.0.0.1")).isFalse();
    }

    @Test
    void theAddressesMembersEndpointsNameAreMembersAddressesInEitherIpv6Form() {
        members("https://127.0.0.1:9443/swarm", "https://[::1]:9443/swarm", "https://name.invalid/swarm",
                "not a url");

        addresses.refresh();

        assertThat(addresses.test("127.0.0.1")).isTrue();
        assertThat(addresses.test("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(addresses.test("::1")).isTrue();
        assertThat(addresses.test("[::1]")).isTrue();
        assertThat(addresses.test("127.0.0.2")).isFalse();
        assertThat(addresses.test("::2")).isFalse();
        assertThat(addresses.test(null)).isFalse();
    }

    @Test
    void textThatIsNotAnAddressIsNotLookedUpAndIsNoMembers() {
        members("https://127.0.0.1:9443/swarm");
        addresses.refresh();

        assertThat(addresses.test("abc:def")).isFalse();
        assertThat(addresses.test("localhost")).isFalse();
    }

    @Test
    void aMemberWhoLeftIsNoLongerAMembersAddressAfterTheNextRefresh() {
        members("https://127.0.0.1:9443/swarm");
        addresses.refresh();
        database.write(store -> store.members().delete("s-0", "agent-0"));

        addresses.refresh();

        assertThat(addresses.test("127.0.0.1")).isFalse();
    }
}

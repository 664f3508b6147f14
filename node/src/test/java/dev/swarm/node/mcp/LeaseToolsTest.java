package dev.swarm.node.mcp;

import static dev.swarm.node.mcp.TwoAgents.error;
import static dev.swarm.node.mcp.TwoAgents.ok;
import static dev.swarm.node.mcp.TwoAgents.tool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** swarm_lease_take, _renew, _release, _list and _check: alice's and bob's agents on real nodes. */
class LeaseToolsTest {
    private static final String REPO = "acme/app";

    @TempDir
    Path dir;

    private TwoAgents agents;
    private ToolContext alice;
    private ToolContext bob;

    @BeforeEach
    void aliceAndBobShareASwarm() {
        agents = new TwoAgents(dir);
        alice = agents.context(Duration.ofSeconds(60));
        bob = agents.bobsContext();
    }

    @AfterEach
    void stop() {
        agents.close();
    }

    @Test
    void aliceLeasesPathsBobSeesThemHeldIsRefusedAnOverlapAndCannotReleaseThem() {
        JsonNode taken = ok(alice, tool(alice, "swarm_lease_take"), Map.of("repo", REPO, "paths",
                List.of("src/parser/**", "docs/parser.md"), "minutes", 30), "lease-take");
        String leaseId = taken.get("lease_id").asText();
        assertThat(taken.get("lease").get("status").asText()).isEqualTo("active");
        assertThat(taken.get("lease").get("acknowledged").asBoolean()).as("alice is the master").isTrue();

        await("bob's node has alice's lease").atMost(Duration.ofSeconds(20)).until(() -> ok(bob,
                tool(bob, "swarm_lease_list"), Map.of(), "lease-list").get("swarms").get(0).get("leases").size() == 1);
        JsonNode check = ok(bob, tool(bob, "swarm_lease_check"), Map.of("repo", REPO, "paths",
                List.of("src/parser/Lexer.java", "README.md")), "lease-check");
        assertThat(check.get("allowed").asBoolean()).isFalse();
        assertThat(check.get("violations")).singleElement().satisfies(v -> {
            assertThat(v.get("path").asText()).isEqualTo("src/parser/Lexer.java");
            assertThat(v.get("lease").get("holder").asText()).isEqualTo("alice");
            assertThat(v.get("lease").get("lease_id").asText()).isEqualTo(leaseId);
        });

        JsonNode conflict = error(tool(bob, "swarm_lease_take"), Map.of("repo", REPO, "paths", List.of("src/**")));
        assertThat(conflict.get("code").asText()).isEqualTo("CONFLICT");
        assertThat(conflict.get("message").asText()).contains("alice holds src/parser/** docs/parser.md",
                "nothing was sent");
        JsonNode foreign = error(tool(bob, "swarm_lease_release"), Map.of("lease_id", leaseId));
        assertThat(foreign.get("code").asText()).isEqualTo("NOT_AUTHORIZED");
        List<?> bobsRows = agents.bob.node().database().read(store -> store.leases().list(agents.swarm.swarmId()));
        assertThat(bobsRows).as("bob sent nothing").hasSize(1);

        JsonNode renewed = ok(alice, tool(alice, "swarm_lease_renew"), Map.of("lease_id", leaseId, "minutes", 90),
                "lease-renew");
        assertThat(renewed.get("lease").get("expires_at").asText())
                .isGreaterThan(taken.get("lease").get("expires_at").asText());
        ok(alice, tool(alice, "swarm_lease_release"), Map.of("lease_id", leaseId), "lease-release");
        await("bob may change the parser again").atMost(Duration.ofSeconds(20)).until(() -> ok(bob,
                tool(bob, "swarm_lease_check"), Map.of("repo", REPO, "paths", List.of("src/parser/Lexer.java")),
                "lease-check").get("allowed").asBoolean());
    }

    @Test
    void malformedArgumentsAreRefusedNamingTheArgumentAndNothingIsSent() {
        assertThat(error(tool(alice, "swarm_lease_take"), Map.of("repo", REPO, "paths", List.of("../etc/passwd")))
                .get("code").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(error(tool(alice, "swarm_lease_take"), Map.of("repo", REPO, "paths", List.of())).get("details")
                .get("field").asText()).isEqualTo("paths");
        assertThat(error(tool(alice, "swarm_lease_take"), Map.of("repo", REPO, "paths", List.of(7))).get("details")
                .get("field").asText()).isEqualTo("paths");
        assertThat(error(tool(alice, "swarm_lease_take"), Map.of("repo", REPO, "paths", List.of("a"), "minutes",
                100000)).get("code").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(error(tool(alice, "swarm_lease_take"), Map.of("repo", "not a repo", "paths", List.of("a")))
                .get("code").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(error(tool(alice, "swarm_lease_release"), Map.of("lease_id", "x")).get("code").asText())
                .isEqualTo("INVALID_ARGUMENT");
        List<?> rows = agents.alice.node().database().read(store -> store.leases().list(agents.swarm.swarmId()));
        assertThat(rows).isEmpty();
    }
}

package dev.swarm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.support.Schemas;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code swarm doctor}: its words, its {@code --json} against the schema, and its exit status. */
class DoctorCommandTest {
    @TempDir
    Path tmp;

    @Test
    void aNodeWithoutItsDaemonFailsWithAdviceAndExitsOne() throws Exception {
        Cli alice = Cli.home(tmp.resolve("alice")).with("HOME", tmp.toString());
        alice.ok("init", "--agent-id", "alice", "--endpoint", "https://127.0.0.1:9/swarm");

        Cli.Result json = alice.run("doctor", "--json");
        Cli.Result text = alice.run("doctor");

        assertThat(json.exit()).isEqualTo(1);
        Schemas.assertValid("cli/doctor.schema.json", json.out());
        JsonNode report = Cli.JSON.readTree(json.out());
        assertThat(report.path("status").asText()).isEqualTo("fail");
        List<String> names = new ArrayList<>();
        report.path("checks").forEach(check -> names.add(check.path("name").asText()));
        assertThat(names).containsExactly("daemon", "database", "disk", "clock", "certificate", "reachable", "wake");
        JsonNode daemon = report.path("checks").get(0);
        assertThat(daemon.path("status").asText()).isEqualTo("fail");
        assertThat(daemon.path("advice").asText()).contains("swarm serve");
        assertThat(report.path("checks").get(1).path("status").asText()).isEqualTo("ok");
        assertThat(text.exit()).isEqualTo(1);
        assertThat(text.out()).contains("fail  daemon", "-> start it", "ok    database", "Something is wrong");
    }

    @Test
    void aHomeWithoutANodeIsReportedWithTheChecksThatNeedNone() throws Exception {
        Cli.Result json = Cli.home(tmp.resolve("nobody")).run("doctor", "--json");

        assertThat(json.exit()).isEqualTo(1);
        Schemas.assertValid("cli/doctor.schema.json", json.out());
        JsonNode checks = Cli.JSON.readTree(json.out()).path("checks");
        assertThat(checks.get(0).path("name").asText()).isEqualTo("node");
        assertThat(checks.get(0).path("advice").asText()).contains("swarm init");
    }

    @Test
    void theSchemaRefusesAFailWithoutAdvice() {
        Schemas.assertInvalid("cli/doctor.schema.json", "{\"status\":\"fail\",\"checks\":[{\"name\":\"disk\","
                + "\"status\":\"fail\",\"summary\":\"full\",\"details\":{}}]}");
    }
}

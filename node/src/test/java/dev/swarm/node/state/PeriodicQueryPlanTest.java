package dev.swarm.node.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Queries the daemon runs on a timer must not read the whole inbox or every sent message: their cost
 * would grow with the node's history, every second, on the cores that receive messages.
 */
class PeriodicQueryPlanTest {
    @TempDir
    Path dir;

    private static List<String> plan(Path file, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement(); ResultSet rows = s.executeQuery("EXPLAIN QUERY PLAN " + sql)) {
            List<String> steps = new ArrayList<>();
            while (rows.next()) {
                steps.add(rows.getString("detail"));
            }
            return steps;
        }
    }

    @Test
    void theClaimsFingerprintReadsOnlyThePartialIndexesOfRowsNamingIssues() throws Exception {
        Path file = dir.resolve("node.db");
        Database.open(file).close();

        List<String> steps = plan(file, PresenceRepository.CLAIMS_FINGERPRINT);

        assertThat(steps).anyMatch(step -> step.contains("inbox USING INDEX inbox_references_by_id"));
        assertThat(steps).anyMatch(step -> step.contains("sent_messages USING COVERING INDEX sent_messages_with_references"));
        // before V11: "SEARCH inbox" (a walk of the table from its last row) and a scan of every sent message
        assertThat(steps).noneMatch(step -> step.matches(".*(SCAN|SEARCH) (inbox|sent_messages)$"));
        assertThat(steps).noneMatch(step -> step.contains("sent_messages_by_swarm"));
    }
}

package dev.swarm.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.identity.SwarmHome;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.Member;
import dev.swarm.node.support.FreePort;
import dev.swarm.node.support.RawClient;
import dev.swarm.node.support.TestCa;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sqlite.SQLiteConfig;

/**
 * One host whose daemon is a real operating-system process: an identity made by {@code swarm init}
 * (typed at this node's {@link Cli}), a server certificate from the test CA, and a port fixed for the
 * node's whole life, so that a daemon started again is reached at the same endpoint. {@code swarm
 * serve} runs as a child JVM ({@link ServeProcess}) that a test stops (SIGTERM), kills (-9) and
 * starts again. Closing the node kills a daemon that still runs.
 */
final class ProcessNode implements AutoCloseable {
    /** Generous: a JVM starting on a busy two-core machine. Nothing here measures speed. */
    static final Duration START = Duration.ofSeconds(90);
    static final Duration STOP = Duration.ofSeconds(30);

    private final Path root;
    private final String agentId;
    private final SwarmHome home;
    private final int port;
    private final TestCa.ServerFiles tls;
    private final List<String> serveOptions;
    private final Cli cli;
    private final RawClient http = new RawClient();
    private ServeProcess serve;
    private int runs;

    private ProcessNode(Path root, String agentId, List<String> serveOptions) {
        this.root = root;
        this.agentId = agentId;
        this.home = new SwarmHome(root.resolve(agentId));
        this.port = FreePort.next();
        this.tls = TestCa.get().issue(root.resolve(agentId + "-tls"));
        this.serveOptions = List.copyOf(serveOptions);
        this.cli = new Cli(agentId, env());
    }

    /**
     * Creates the identity with {@code swarm init}; {@code serveOptions} are added to every
     * {@code swarm serve} of this node (retry settings, timeouts).
     */
    static ProcessNode init(Path root, String agentId, String... serveOptions) {
        ProcessNode node = new ProcessNode(root, agentId, List.of(serveOptions));
        JsonNode init = node.cli.json("init", "--agent-id", agentId, "--endpoint", node.endpoint());
        assertThat(init.get("agent_id").asText()).isEqualTo(agentId);
        return node;
    }

    String agentId() {
        return agentId;
    }

    String endpoint() {
        return "https://127.0.0.1:" + port + "/swarm";
    }

    /** This node's user at a terminal beside the daemon (commands run in this JVM). */
    Cli cli() {
        return cli;
    }

    /** What a command of this node needs: SWARM_HOME and the test CA. */
    Map<String, String> env() {
        return Map.of("SWARM_HOME", home.dir().toString(), "SWARM_CA_FILE", TestCa.get().caFile().toString());
    }

    Path database() {
        return home.database();
    }

    /** Starts {@code swarm serve} without waiting for it to answer (several daemons start side by side). */
    ProcessNode startServe() {
        if (serve != null && serve.isAlive()) {
            throw new IllegalStateException(agentId + " is already serving: " + serve);
        }
        runs++;
        List<String> args = new ArrayList<>(List.of("serve", "--listen", "127.0.0.1:" + port,
                "--tls-cert", tls.certificate().toString(), "--tls-key", tls.key().toString(),
                "--ca-file", TestCa.get().caFile().toString(), "--json"));
        args.addAll(serveOptions);
        serve = ServeProcess.start(root.resolve("logs"), agentId + "-serve-" + runs,
                Map.of("SWARM_HOME", home.dir().toString()), args.toArray(String[]::new));
        return this;
    }

    /** Waits until the daemon answers {@code /health} over TLS (failing at once if it died). */
    ProcessNode awaitServing() {
        await(agentId + " serves /health").atMost(START).pollInterval(Duration.ofMillis(200))
                .ignoreExceptionsInstanceOf(UncheckedIOException.class)
                .until(() -> {
                    assertThat(serve.isAlive()).as("%s's swarm serve is running: %s", agentId, serve).isTrue();
                    return http.get(endpoint() + "/health").status();
                }, status -> status == 200);
        return this;
    }

    /** Starts {@code swarm serve} and waits until it answers. */
    ProcessNode start() {
        return startServe().awaitServing();
    }

    /** SIGTERM, as systemd stops it; waits for the process to end. */
    void stop() {
        serve.terminate();
        assertThat(serve.awaitExit(STOP)).as("%s's serve stops after SIGTERM: %s", agentId, serve).isTrue();
    }

    /** {@code kill -9}: a crash, as far as the daemon can tell; waits for the process to be gone. */
    void kill() {
        serve.kill();
        assertThat(serve.awaitExit(STOP)).as("%s's serve is gone after kill -9", agentId).isTrue();
    }

    /** Adds a member straight into this node's database (one the CLI alone cannot make, e.g. a scripted peer). */
    void addMember(Member member) {
        Database.open(home.database()).write(store -> {
            store.members().upsert(member);
            return null;
        });
    }

    /** Message ids of the {@code message} rows in this node's inbox, in the order they were stored. */
    List<String> inboxMessageIds() {
        List<String> ids = new ArrayList<>();
        query("SELECT message_id FROM inbox WHERE type = 'message' ORDER BY id", rs -> ids.add(rs.getString(1)));
        return ids;
    }

    /** Outbox rows per status (pending, delivered, failed, dead; zero where none). */
    Map<String, Integer> outboxCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String status : List.of("pending", "delivered", "failed", "dead")) {
            counts.put(status, 0);
        }
        query("SELECT status, count(*) FROM outbox GROUP BY status", rs -> counts.put(rs.getString(1), rs.getInt(2)));
        return counts;
    }

    /** The rows of a query over this node's database, each as its columns' text, read as another process would. */
    List<List<String>> rows(String sql) {
        List<List<String>> rows = new ArrayList<>();
        query(sql, rs -> {
            List<String> row = new ArrayList<>();
            for (int column = 1; column <= rs.getMetaData().getColumnCount(); column++) {
                row.add(rs.getString(column));
            }
            rows.add(row);
        });
        return rows;
    }

    private interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    /** Reads over a separate plain connection, as another process would; waits out a daemon's write lock. */
    private void query(String sql, RowReader reader) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(30_000);
        try (Connection connection = config.createConnection("jdbc:sqlite:" + home.database());
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                reader.read(rs);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + home.database() + ": " + e.getMessage(), e);
        }
    }

    /** The daemon's output so far, for assertion messages. */
    String serveLog() {
        return serve == null ? "(never started)" : serve.toString();
    }

    @Override
    public void close() {
        if (serve != null) {
            serve.close();
        }
        http.close();
    }
}

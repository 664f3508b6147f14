package dev.swarm.node.jmh;

import dev.swarm.node.NodeOptions;
import dev.swarm.node.SwarmNode;
import dev.swarm.node.identity.Identity;
import dev.swarm.node.identity.IdentityStore;
import dev.swarm.node.identity.SwarmHome;
import dev.swarm.node.protocol.EndpointPolicy;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.InboxMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Storing received messages durably (WAL, synchronous=FULL, as the node does): through the inbox
 * repository one message per commit and {@value #BATCH} per commit (group commit), and the anchor,
 * bare sqlite-jdbc inserts of the same row into a table of the same shape, alone and batched. Scores
 * are rows per second; each commit waits for the disk.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StoreBenchmark {
    static final int BATCH = 64;
    private static final String INSERT = "INSERT INTO raw_inbox (swarm_id, message_id, sender_id, content, sent_at,"
            + " envelope) VALUES (?, ?, ?, ?, ?, ?)";

    private Path dir;
    private SwarmNode node;
    private Database database;
    private String swarmId;
    private String envelope;
    private Database.Session session;
    private Connection raw;
    private PreparedStatement rawInsert;

    @Setup(Level.Trial)
    public void setUp() throws IOException, SQLException {
        dir = Files.createTempDirectory("swarm-jmh-store");
        SwarmHome home = new SwarmHome(dir.resolve("node"));
        Identity identity = IdentityStore.init(home, "bench-node", "https://127.0.0.1:9/swarm", false,
                new EndpointPolicy(false));
        node = SwarmNode.open(home, identity, NodeOptions.DEFAULTS);
        database = node.database();
        swarmId = node.swarms().create("bench", false).swarmId();
        session = database.openSession();
        envelope = new String(SignedMessage.create().body, java.nio.charset.StandardCharsets.UTF_8);
        raw = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("raw.db"));
        try (Statement s = raw.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=FULL");
            s.execute("CREATE TABLE raw_inbox (id INTEGER PRIMARY KEY, swarm_id TEXT NOT NULL, message_id TEXT NOT NULL,"
                    + " sender_id TEXT NOT NULL, content TEXT NOT NULL, sent_at TEXT NOT NULL, envelope TEXT NOT NULL,"
                    + " UNIQUE (swarm_id, message_id))");
        }
        raw.setAutoCommit(false);
        rawInsert = raw.prepareStatement(INSERT);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException, SQLException {
        session.close();
        rawInsert.close();
        raw.close();
        node.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private InboxMessage row() {
        return new InboxMessage(0, swarmId, UUID.randomUUID().toString(), "bench-sender",
                "https://sender.bench.invalid/swarm", "bench-node", "message", SignedMessage.CONTENT, "normal",
                "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z", null, null, null, null, envelope, "unread");
    }

    /** One message, one transaction, one fsync: no group commit. */
    @Benchmark
    public boolean inboxInsertOnePerCommit() {
        return database.write(store -> store.inbox().insertIfAbsent(row()));
    }

    /** Group commit: {@value #BATCH} messages share a transaction and its fsync. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int inboxInsertBatched() {
        return database.write(store -> {
            int stored = 0;
            for (int i = 0; i < BATCH; i++) {
                stored += store.inbox().insertIfAbsent(row()) ? 1 : 0;
            }
            return stored;
        });
    }

    /**
     * Group commit as the inbox writer does it: {@value #BATCH} messages per transaction on its
     * long-lived session, each a member-key lookup and an insert through the session's prepared
     * statements.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int inboxWriterPathBatched() {
        return session.write(store -> {
            int stored = 0;
            for (int i = 0; i < BATCH; i++) {
                session.statements().activeMemberKey(swarmId, "bench-node");
                stored += session.statements().insertIfAbsent(row()) ? 1 : 0;
            }
            return stored;
        });
    }

    /** Anchor: a bare prepared insert in WAL with synchronous=FULL, committed alone. */
    @Benchmark
    public int sqliteInsertWalOnePerCommit() throws SQLException {
        int n = rawInsert(1);
        raw.commit();
        return n;
    }

    /** Anchor: {@value #BATCH} bare inserts per commit. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int sqliteInsertWalBatched() throws SQLException {
        int n = rawInsert(BATCH);
        raw.commit();
        return n;
    }

    private int rawInsert(int rows) throws SQLException {
        int n = 0;
        for (int i = 0; i < rows; i++) {
            rawInsert.setString(1, swarmId);
            rawInsert.setString(2, UUID.randomUUID().toString());
            rawInsert.setString(3, "bench-sender");
            rawInsert.setString(4, SignedMessage.CONTENT);
            rawInsert.setString(5, "2026-01-01T00:00:00.000Z");
            rawInsert.setString(6, envelope);
            n += rawInsert.executeUpdate();
        }
        return n;
    }
}

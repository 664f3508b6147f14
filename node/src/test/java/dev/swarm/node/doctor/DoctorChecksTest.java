package dev.swarm.node.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarm.node.NodeOptions;
import dev.swarm.node.SwarmNode;
import dev.swarm.node.agent.AgentSetups;
import dev.swarm.node.agent.SetupRequest;
import dev.swarm.node.client.ClientConfig;
import dev.swarm.node.client.PeerClient;
import dev.swarm.node.crypto.Ed25519;
import dev.swarm.node.identity.Identity;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.Swarm;
import dev.swarm.node.support.ScriptedPeer;
import dev.swarm.node.support.TestCa;
import dev.swarm.node.support.TestNode;
import dev.swarm.node.tls.Certificates;
import dev.swarm.node.wake.WakeConfig;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each of swarm doctor's checks, failing for a reason set up here, says so and says what to do. */
class DoctorChecksTest {
    @TempDir
    Path dir;

    private static Swarm swarmOf(TestNode master, TestNode... others) {
        Swarm swarm = master.node().swarms().create("team", false);
        for (TestNode other : others) {
            other.node().joins().join(master.node().invites().issue(swarm, Duration.ofHours(1), null).url().toString());
        }
        return swarm;
    }

    private static PeerClient client(TestNode node, boolean insecureLoopback) {
        return new PeerClient(new ClientConfig(TestCa.get().caFile(), insecureLoopback, Duration.ofSeconds(5),
                Duration.ofSeconds(10)), node.agentId(), node.endpoint());
    }

    @Test
    void daemonFailsWhenNoServeRunsAndPassesWhenOneDoes() {
        TestNode alice = TestNode.create(dir, "alice", dev.swarm.node.messaging.ReceiveLimits.DEFAULTS);
        CheckResult stopped = new DaemonCheck(alice.home()).run();
        assertThat(stopped.status()).isEqualTo(CheckResult.Status.FAIL);
        assertThat(stopped.advice()).contains("systemctl start swarm", "swarm serve");

        alice.startServer();
        try {
            CheckResult running = new DaemonCheck(alice.home()).run();
            assertThat(running.status()).as(running.summary()).isEqualTo(CheckResult.Status.OK);
            assertThat(running.summary()).contains("local API answers");
        } finally {
            alice.close();
        }
    }

    @Test
    void databaseFailsOnACorruptFileAndWarnsOnALargeWal() throws Exception {
        Path file = dir.resolve("node.db");
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file); Statement sql = db.createStatement()) {
            sql.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
            sql.execute("CREATE INDEX t_v ON t (v)");
            sql.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)"
                    + " INSERT INTO t (v) SELECT hex(randomblob(40)) FROM n");
        }
        assertThat(new DatabaseCheck(file, 64L << 20).run().status()).isEqualTo(CheckResult.Status.OK);
        corruptPage(file, 3);

        CheckResult corrupt = new DatabaseCheck(file, 64L << 20).run();

        assertThat(corrupt.status()).isEqualTo(CheckResult.Status.FAIL);
        assertThat(corrupt.summary()).contains("integrity check");
        assertThat(corrupt.advice()).contains("restore the last backup", ".recover");

        try (TestNode alice = TestNode.start(dir.resolve("live"), "alice")) {
            alice.node().swarms().create("team", false);
            CheckResult wal = new DatabaseCheck(alice.databaseFile(), 1).run();
            assertThat(wal.status()).as(wal.summary()).isEqualTo(CheckResult.Status.WARN);
            assertThat(wal.summary()).contains("write-ahead log");
            assertThat(wal.advice()).contains("restart the daemon");
        }
    }

    private static void corruptPage(Path file, int page) throws IOException {
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            int size = 4096;
            raw.seek((long) (page - 1) * size + 8);
            byte[] garbage = new byte[size - 16];
            java.util.Arrays.fill(garbage, (byte) 0x5a);
            raw.write(garbage);
        }
    }

    @Test
    void diskFailsBelowTheLimitWithWhatToFree() {
        CheckResult full = new DiskCheck(dir, Long.MAX_VALUE, Long.MAX_VALUE).run();
        CheckResult fine = new DiskCheck(dir, 1, 2).run();

        assertThat(full.status()).isEqualTo(CheckResult.Status.FAIL);
        assertThat(full.advice()).contains("free some space");
        assertThat(fine.status()).isEqualTo(CheckResult.Status.OK);
    }

    @Test
    void clockFailsWhenThisHostIsMinutesOffTheMembers() {
        try (TestNode alice = TestNode.start(dir, "alice"); TestNode bob = TestNode.start(dir, "bob");
             PeerClient client = client(alice, false)) {
            swarmOf(alice, bob);
            Clock ahead = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(4));

            CheckResult off = new ClockCheck(alice.node().database(), "alice", client, ahead, Duration.ofMinutes(5)).run();
            CheckResult right = new ClockCheck(alice.node().database(), "alice", client, Clock.systemUTC(),
                    Duration.ofMinutes(5)).run();

            assertThat(off.status()).as(off.summary()).isEqualTo(CheckResult.Status.FAIL);
            assertThat(off.summary()).contains("bob's clock is behind");
            assertThat(off.advice()).contains("timedatectl set-ntp true");
            assertThat(right.status()).as(right.summary()).isEqualTo(CheckResult.Status.OK);
        }
    }

    @Test
    void certificateFailsWhenExpiredOrNamingAnotherHost() {
        try (TestNode alice = TestNode.start(dir, "alice")) {
            Path ca = TestCa.get().caFile();
            CheckResult now = new CertificateCheck(alice.endpoint(), null, ca, Clock.systemUTC(), Duration.ofSeconds(1))
                    .run();
            assertThat(now.status()).as(now.summary()).isEqualTo(CheckResult.Status.OK);
            CheckResult soon = new CertificateCheck(alice.endpoint(), null, ca, Clock.systemUTC(), Duration.ofDays(3650))
                    .run();
            assertThat(soon.status()).as("the test CA's certificates live a short while").isEqualTo(CheckResult.Status.WARN);
            assertThat(soon.summary()).contains("expires in");

            Clock later = Clock.offset(Clock.systemUTC(), Duration.ofDays(3650));
            CheckResult expired = new CertificateCheck(alice.endpoint(), null, ca, later, Duration.ofDays(14)).run();
            assertThat(expired.status()).isEqualTo(CheckResult.Status.FAIL);
            assertThat(expired.summary()).contains("not valid now");
            assertThat(expired.advice()).contains("renew it");

            Certificates.Issued other = Certificates.selfSigned(List.of("other.example"), Duration.ofDays(90));
            CheckResult wrongName = new CertificateCheck(alice.endpoint(), null, ca, Clock.systemUTC(),
                    Duration.ofSeconds(1)).judge(List.of(other.certificate()), "127.0.0.1", "in a test");
            assertThat(wrongName.status()).isEqualTo(CheckResult.Status.FAIL);
            assertThat(wrongName.summary()).contains("does not name 127.0.0.1", "other.example");
            assertThat(wrongName.advice()).contains("get a certificate for 127.0.0.1");
        }
    }

    @Test
    void reachableWhenAMemberProbesBack() {
        try (TestNode alice = TestNode.start(dir, "alice"); TestNode bob = TestNode.start(dir, "bob");
             PeerClient client = client(alice, false)) {
            swarmOf(alice, bob);

            CheckResult result = new ReachabilityCheck(alice.identity(), alice.node().database(), client,
                    Clock.systemUTC()).run();

            assertThat(result.status()).as(result.summary()).isEqualTo(CheckResult.Status.OK);
            assertThat(result.summary()).startsWith("bob reached " + alice.endpoint());
        }
    }

    @Test
    void unreachableWhenTheMemberCannotCallThisNodeBack() {
        try (TestNode alice = TestNode.start(dir, "alice"); TestNode bob = TestNode.start(dir, "bob")) {
            swarmOf(alice, bob);
            alice.stop();
            try (SwarmNode offline = SwarmNode.open(alice.home(), alice.identity(), NodeOptions.DEFAULTS
                    .withClient(TestNode.clientConfig())); PeerClient client = client(alice, false)) {
                CheckResult result = new ReachabilityCheck(alice.identity(), offline.database(), client,
                        Clock.systemUTC()).run();

                assertThat(result.status()).as(result.summary()).isEqualTo(CheckResult.Status.FAIL);
                assertThat(result.summary()).contains("bob cannot reach " + alice.endpoint());
                assertThat(result.advice()).contains("firewall", "swarm serve runs");
            }
        }
    }

    @Test
    void aMemberWithAnotherEndpointOnRecordSaysSo() throws SQLException {
        try (TestNode alice = TestNode.start(dir, "alice"); TestNode bob = TestNode.start(dir, "bob");
             PeerClient client = client(alice, false)) {
            Swarm swarm = swarmOf(alice, bob);
            bob.stop();
            try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + bob.databaseFile());
                 Statement sql = db.createStatement()) {
                sql.executeUpdate("UPDATE members SET endpoint = 'https://old.example/swarm' WHERE agent_id = 'alice'"
                        + " AND swarm_id = '" + swarm.swarmId() + "'");
            }
            bob.startServer();

            CheckResult result = new ReachabilityCheck(alice.identity(), alice.node().database(), client,
                    Clock.systemUTC()).run();

            assertThat(result.status()).isEqualTo(CheckResult.Status.FAIL);
            assertThat(result.summary()).contains("bob has https://old.example/swarm on record");
            assertThat(result.advice()).contains("re-join");
        }
    }

    @Test
    void olderMembersThatCannotProbeLeaveAWarningWithTheTestByHand() {
        try (TestNode alice = TestNode.start(dir, "alice"); ScriptedPeer old = new ScriptedPeer();
             PeerClient client = client(alice, true)) {
            Swarm swarm = alice.node().swarms().create("team", false);
            alice.node().database().write(store -> {
                store.members().upsert(new Member(swarm.swarmId(), "old", old.endpoint(),
                        new Identity("old", old.endpoint(), Ed25519.newSeed(new java.security.SecureRandom()))
                                .publicKeyBase64(), List.of(), Instant.now().toString()));
                return null;
            });

            CheckResult result = new ReachabilityCheck(alice.identity(), alice.node().database(), client,
                    Clock.systemUTC()).run();

            assertThat(result.status()).as(result.summary()).isEqualTo(CheckResult.Status.WARN);
            assertThat(result.summary()).contains("old cannot probe (an older node)");
            assertThat(result.advice()).contains("curl -sS " + alice.endpoint() + "/health");
        }
    }

    @Test
    void wakeFailsWhenThePaneIsMissingAndWarnsWhenNoAgentIsSetUp() throws IOException {
        Path userHome = Files.createDirectories(dir.resolve("user"));
        try (TestNode alice = TestNode.start(dir, "alice")) {
            Function<dev.swarm.node.config.Setting, String> settings = setting -> switch (setting) {
                case WAKE_METHOD -> "tmux";
                case WAKE_TMUX_TARGET -> "no-such-session-" + ProcessHandle.current().pid() + ":0.0";
                default -> setting.defaultValue();
            };
            SetupRequest request = AgentSetups.request(alice.home().dir(), Map.of("HOME", userHome.toString()));

            CheckResult missing = new WakeCheck(WakeConfig.from(settings), alice.home(), request, AgentSetups.all()).run();
            CheckResult none = new WakeCheck(WakeConfig.from(setting -> setting == dev.swarm.node.config.Setting
                    .WAKE_METHOD ? "none" : setting.defaultValue()), alice.home(), request, AgentSetups.all()).run();

            assertThat(missing.status()).isEqualTo(CheckResult.Status.FAIL);
            assertThat(missing.summary()).contains("cannot be read");
            assertThat(missing.advice()).contains("wake_tmux_target", "tmux list-panes -a");
            assertThat(none.status()).isEqualTo(CheckResult.Status.WARN);
            assertThat(none.summary()).contains("no wake target", "no coding agent's configuration");
            assertThat(none.advice()).contains("swarm agent setup claude");
        }
    }
}

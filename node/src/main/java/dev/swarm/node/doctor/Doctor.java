package dev.swarm.node.doctor;

import dev.swarm.node.NodeOptions;
import dev.swarm.node.agent.AgentSetups;
import dev.swarm.node.agent.SetupRequest;
import dev.swarm.node.client.PeerClient;
import dev.swarm.node.identity.Identity;
import dev.swarm.node.identity.SwarmHome;
import dev.swarm.node.state.Database;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code swarm doctor}: runs its checks one after another and collects their verdicts. Which checks
 * run, and with what, is {@code SwarmNode.doctor}'s business (or {@link #offline} when the node's
 * database cannot even be opened).
 */
public final class Doctor {
    private final List<DoctorCheck> checks;

    Doctor(List<DoctorCheck> checks) {
        this.checks = List.copyOf(checks);
    }

    /** Limits the checks judge by; {@link #DEFAULTS} unless a test sets others. */
    public record Limits(long walWarnBytes, long diskFailBytes, long diskWarnBytes, java.time.Duration certificateWarn) {
        public static final Limits DEFAULTS = new Limits(64L << 20, 100L << 20, 1L << 30, java.time.Duration.ofDays(14));
    }

    /**
     * Every check of a node that opened: the daemon, the database, the disk, the clock against the
     * members, the certificate, reachability from outside (a member's probe), the wake and the hooks.
     */
    public static Doctor of(SwarmHome home, Identity identity, Database database, PeerClient client, NodeOptions options,
                            Path tlsCert, SetupRequest agents, Limits limits) {
        return new Doctor(List.of(
                new DaemonCheck(home),
                new DatabaseCheck(database.file(), limits.walWarnBytes()),
                new DiskCheck(home.dir(), limits.diskFailBytes(), limits.diskWarnBytes()),
                new ClockCheck(database, identity.agentId(), client, options.clock(), options.limits().clockSkew()),
                new CertificateCheck(identity.endpoint(), tlsCert, options.client().caFile(), options.clock(),
                        limits.certificateWarn()),
                new ReachabilityCheck(identity, database, client, options.clock()),
                new WakeCheck(options.wake(), home, agents, AgentSetups.all())));
    }

    /**
     * The checks that need no open node, for a home whose node cannot be opened ({@code why}): the
     * daemon, the database file, the disk.
     */
    public static Doctor offline(SwarmHome home, Limits limits, String why) {
        DoctorCheck node = new DoctorCheck() {
            @Override
            public String name() {
                return "node";
            }

            @Override
            public CheckResult run() {
                return CheckResult.fail("node", "cannot open this node: " + why, "the checks below say what is"
                        + " wrong; swarm init makes a node that does not exist yet", Map.of());
            }
        };
        return new Doctor(List.of(node, new DaemonCheck(home), new DatabaseCheck(home.database(), limits.walWarnBytes()),
                new DiskCheck(home.dir(), limits.diskFailBytes(), limits.diskWarnBytes())));
    }

    public DoctorReport run() {
        List<CheckResult> results = new ArrayList<>();
        for (DoctorCheck check : checks) {
            try {
                results.add(check.run());
            } catch (RuntimeException e) {
                results.add(CheckResult.fail(check.name(), "the check itself failed: " + e.getMessage(),
                        "run swarm doctor again; if it fails the same way, report it with this message", Map.of()));
            }
        }
        return DoctorReport.of(results);
    }
}

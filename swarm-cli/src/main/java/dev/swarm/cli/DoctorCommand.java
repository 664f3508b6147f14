package dev.swarm.cli;

import dev.swarm.node.SwarmNode;
import dev.swarm.node.agent.AgentSetups;
import dev.swarm.node.config.Setting;
import dev.swarm.node.doctor.CheckResult;
import dev.swarm.node.doctor.Doctor;
import dev.swarm.node.doctor.DoctorReport;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.messaging.ReceiveLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "doctor", description = "Check what usually goes wrong (daemon, database, disk, clock, certificate,"
        + " reachability from outside, wake and hooks) and say what to do. Exits 1 when a check fails.")
final class DoctorCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @Mixin
    ClientOptions client;

    @Mixin
    WakeOptions wake;

    DoctorCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        String tls = context.settings().value(Setting.TLS_CERT);
        Duration skew = Duration.ofSeconds(Long.parseLong(context.settings().value(Setting.CLOCK_SKEW)));
        Doctor doctor;
        try {
            SwarmNode node = context.node(client.nodeOptions().withWake(wake.config()).withLimits(new ReceiveLimits(
                    ReceiveLimits.DEFAULTS.maxBodyBytes(), ReceiveLimits.DEFAULTS.maxContentChars(), skew)));
            doctor = node.doctor(tls == null ? null : Path.of(tls), AgentSetups.request(
                    context.home().dir().toAbsolutePath(), context.env()), Doctor.Limits.DEFAULTS);
        } catch (SwarmException e) {
            if (e.code() == ErrorCode.INVALID_ARGUMENT) {
                throw e;
            }
            doctor = Doctor.offline(context.home(), Doctor.Limits.DEFAULTS, e.getMessage());
        }
        DoctorReport report = doctor.run();
        Output.print(context, output.json, report, out -> {
            for (CheckResult check : report.checks()) {
                out.printf("%-5s %-12s %s%n", check.status().wire(), check.name(), check.summary());
                if (check.advice() != null) {
                    out.println("      " + " ".repeat(12) + " -> " + check.advice());
                }
            }
            out.println(report.healthy() ? "No check failed" + (report.status() == CheckResult.Status.WARN
                    ? " (see the warnings above)." : ".") : "Something is wrong: see the checks marked fail.");
        });
        return report.healthy() ? ErrorCode.ExitCodes.OK : ErrorCode.ExitCodes.GENERAL;
    }
}

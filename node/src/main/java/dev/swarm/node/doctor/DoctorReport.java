package dev.swarm.node.doctor;

import java.util.Comparator;
import java.util.List;

/** What {@code swarm doctor} found: every check in order, and the worst status among them. */
public record DoctorReport(CheckResult.Status status, List<CheckResult> checks) {
    public DoctorReport {
        checks = List.copyOf(checks);
    }

    static DoctorReport of(List<CheckResult> checks) {
        return new DoctorReport(checks.stream().map(CheckResult::status).max(Comparator.naturalOrder())
                .orElse(CheckResult.Status.OK), checks);
    }

    /** True when no check failed (warnings and skips do not make a node unhealthy). */
    public boolean healthy() {
        return status != CheckResult.Status.FAIL;
    }
}

package dev.swarm.node.doctor;

import dev.swarm.node.state.DatabaseHealth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The database file: SQLite's own integrity check (on a read-only connection of its own, so a file
 * the node cannot open is still examined) and the size of the write-ahead log, which grows while a
 * reader holds an old snapshot and checkpoints cannot finish.
 */
final class DatabaseCheck implements DoctorCheck {
    static final String NAME = "database";

    private final Path file;
    private final long walWarnBytes;

    DatabaseCheck(Path file, long walWarnBytes) {
        this.file = file;
        this.walWarnBytes = walWarnBytes;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult run() {
        if (!Files.exists(file)) {
            return CheckResult.fail(NAME, file + " does not exist", "run swarm init (or restore node.db from a"
                    + " backup, docs/operations.md)", Map.of("path", file.toString()));
        }
        DatabaseHealth.Report report = DatabaseHealth.check(file);
        Map<String, Object> details = Map.of("path", file.toString(), "wal_bytes", report.walBytes(),
                "schema_version", report.schemaVersion(), "integrity", report.problems().isEmpty() ? List.of("ok")
                        : report.problems());
        if (!report.problems().isEmpty()) {
            return CheckResult.fail(NAME, "the integrity check of " + file + " found: " + String.join("; ",
                    report.problems().subList(0, Math.min(3, report.problems().size()))), "stop the daemon, copy"
                    + " node.db aside, and restore the last backup (docs/operations.md, Back up and restore); sqlite3"
                    + " node.db .recover can save what is readable", details);
        }
        if (report.walBytes() > walWarnBytes) {
            return CheckResult.warn(NAME, "integrity ok, but the write-ahead log is " + DiskCheck.megabytes(
                    report.walBytes()) + " (checkpoints cannot catch up)", "a process is holding an old read snapshot:"
                    + " restart the daemon (sudo systemctl restart swarm) and any swarm mcp sessions", details);
        }
        return CheckResult.ok(NAME, "integrity ok, schema version " + report.schemaVersion() + ", write-ahead log "
                + DiskCheck.megabytes(report.walBytes()), details);
    }
}

package dev.swarm.node.doctor;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Free space where the node's database lives: SQLite cannot commit, nor the WAL grow, on a full disk. */
final class DiskCheck implements DoctorCheck {
    static final String NAME = "disk";

    private final Path dir;
    private final long failBelow;
    private final long warnBelow;

    DiskCheck(Path dir, long failBelow, long warnBelow) {
        this.dir = dir;
        this.failBelow = failBelow;
        this.warnBelow = warnBelow;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult run() {
        long free;
        long total;
        try {
            FileStore store = Files.getFileStore(dir);
            free = store.getUsableSpace();
            total = store.getTotalSpace();
        } catch (IOException e) {
            return CheckResult.fail(NAME, "cannot read the free space of " + dir + ": " + e.getMessage(),
                    "check that " + dir + " exists and is readable", Map.of());
        }
        Map<String, Object> details = Map.of("path", dir.toString(), "free_bytes", free, "total_bytes", total);
        String summary = megabytes(free) + " free of " + megabytes(total) + " on the file system of " + dir;
        String advice = "free some space (journalctl --vacuum-size=200M, swarm outbox purge, old backups), or move"
                + " SWARM_HOME to a larger disk";
        if (free < failBelow) {
            return CheckResult.fail(NAME, summary + ", below " + megabytes(failBelow), advice, details);
        }
        if (free < warnBelow) {
            return CheckResult.warn(NAME, summary + ", below " + megabytes(warnBelow), advice, details);
        }
        return CheckResult.ok(NAME, summary, details);
    }

    static String megabytes(long bytes) {
        return bytes >= (10L << 30) ? (bytes >> 30) + " GB" : (bytes >> 20) + " MB";
    }
}

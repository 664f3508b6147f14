package dev.swarm.node.agent;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.identity.SecureFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One file of an agent's configuration as it is ({@code before}, null when absent) and as setup
 * would leave it ({@code after}), with what changes in words. Applying keeps a backup of the old
 * file, writes the new one atomically with the old file's permissions (0600 for a new file), and
 * refuses when the file changed since it was read (the agent may rewrite its own files while it
 * runs), so nothing a user or the agent wrote meanwhile is lost.
 */
public record ConfigEdit(Path file, String before, String after, List<String> changes) {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    public ConfigEdit {
        changes = List.copyOf(changes);
    }

    /** Reads a file for editing: its text, or null when it does not exist. */
    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new SwarmException(ErrorCode.CONFIG_INVALID, "cannot read " + file + ": " + e.getMessage(), null, e);
        }
    }

    public boolean changed() {
        return !Objects.equals(before, after);
    }

    /** A unified diff of the change, for {@code --dry-run}; empty when nothing changes. */
    public String diff() {
        if (!changed()) {
            return "";
        }
        List<String> old = before == null ? List.of() : before.lines().toList();
        List<String> now = after == null ? List.of() : after.lines().toList();
        List<String> lines = UnifiedDiffUtils.generateUnifiedDiff(before == null ? "/dev/null" : file.toString(),
                file.toString(), old, DiffUtils.diff(old, now), 3);
        return String.join("\n", lines) + "\n";
    }

    /** Writes the change; returns the backup of the old file, if there was one. */
    public Optional<Path> apply(Clock clock) {
        if (!changed()) {
            return Optional.empty();
        }
        try {
            String current = read(file);
            if (!Objects.equals(current, before)) {
                throw new SwarmException(ErrorCode.CONFLICT, file + " changed while swarm was editing it (is the agent"
                        + " running and rewriting it?); nothing was written to it, run the command again");
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            Optional<Path> backup = Optional.empty();
            Set<PosixFilePermission> mode = null;
            if (before != null) {
                Path copy = file.resolveSibling(file.getFileName() + ".swarm-backup-" + STAMP.format(clock.instant()));
                SecureFiles.writePrivate(copy, before.getBytes(StandardCharsets.UTF_8));
                backup = Optional.of(copy);
                mode = Files.getPosixFilePermissions(file);
            }
            SecureFiles.writePrivate(file, after.getBytes(StandardCharsets.UTF_8));
            if (mode != null) {
                Files.setPosixFilePermissions(file, mode);
            }
            return backup;
        } catch (IOException e) {
            throw new SwarmException(ErrorCode.CONFIG_INVALID, "cannot write " + file + ": " + e.getMessage(), null, e);
        }
    }
}

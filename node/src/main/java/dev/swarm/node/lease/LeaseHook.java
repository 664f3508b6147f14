package dev.swarm.node.lease;

import dev.swarm.node.agent.ShellWords;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * Installs the git pre-commit hook that runs {@code swarm lease check --staged} before every commit of
 * a repository, so a commit touching paths another agent holds exclusively is refused. The hook is a
 * short POSIX shell script with the {@code swarm} command and the node's home fixed at install time
 * (quoted); it reads nothing from the commit but what {@code swarm} asks git itself. A pre-commit
 * hook that is not ours is never overwritten: the installer refuses, or with {@code chain} moves it
 * to {@value #CHAINED} and the new hook runs it first (its refusal stands). Installing again rewrites
 * ours. Skipping it once: {@code SWARM_LEASE_OVERRIDE=1 git commit ...} or {@code git commit --no-verify}.
 */
public final class LeaseHook {
    /** The line that marks the hook as ours. */
    static final String MARKER = "# swarm lease guard";
    static final String CHAINED = "pre-commit.before-swarm";
    public static final String OVERRIDE = "SWARM_LEASE_OVERRIDE";

    /** What was done: installed, updated (ours was there), or chained (a foreign hook now runs first). */
    public record Installed(String hook, String status, String chained) {
    }

    private LeaseHook() {
    }

    /**
     * Installs into the repository {@code dir} is in; {@code repo} (owner/repo, or null to read it from
     * the git remote at each commit) is passed to the check.
     */
    public static Installed install(Path dir, String swarmCommand, Path home, String repo, boolean chain) {
        Path hooks = new Git(dir).hooksDir();
        Path hook = hooks.resolve("pre-commit");
        String chained = null;
        String status = "installed";
        try {
            Files.createDirectories(hooks);
            if (Files.exists(hook, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                boolean ours = Files.isRegularFile(hook, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        && Files.readString(hook, StandardCharsets.ISO_8859_1).contains(MARKER);
                if (ours) {
                    status = "updated";
                } else if (!chain) {
                    throw new SwarmException(ErrorCode.CONFLICT, hook + " exists and is not swarm's; nothing was"
                            + " changed. Install with chaining to keep it (it is moved to " + CHAINED + " and runs"
                            + " first), or add 'swarm lease check --staged' to it yourself",
                            Map.of("hook", hook.toString()));
                } else {
                    Path moved = hooks.resolve(CHAINED);
                    if (Files.exists(moved, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        throw new SwarmException(ErrorCode.CONFLICT, moved + " exists already; nothing was changed",
                                Map.of("hook", moved.toString()));
                    }
                    Files.move(hook, moved, StandardCopyOption.ATOMIC_MOVE);
                    chained = moved.toString();
                    status = "chained";
                }
            }
            Path temp = Files.createTempFile(hooks, ".pre-commit", ".tmp");
            Files.writeString(temp, script(swarmCommand, home, repo), StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.move(temp, hook, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new SwarmException(ErrorCode.INTERNAL_ERROR, "cannot write " + hook + ": " + e.getMessage(), null, e);
        }
        return new Installed(hook.toString(), status, chained);
    }

    /** The hook's text. */
    static String script(String swarmCommand, Path home, String repo) {
        return "#!/bin/sh\n"
                + MARKER + ": refuses a commit that touches paths another agent holds exclusively.\n"
                + "# Installed by 'swarm lease hook install'. Skip it once: " + OVERRIDE + "=1 git commit ...,"
                + " or git commit --no-verify.\n"
                + "chained=\"$(dirname \"$0\")/" + CHAINED + "\"\n"
                + "if [ -x \"$chained\" ]; then \"$chained\" \"$@\" || exit $?; fi\n"
                + "if [ \"${" + OVERRIDE + ":-}\" = \"1\" ]; then\n"
                + "    echo \"swarm: lease check skipped (" + OVERRIDE + "=1)\" >&2\n"
                + "    exit 0\n"
                + "fi\n"
                + "SWARM_HOME=" + ShellWords.quote(home.toAbsolutePath().toString()) + "\n"
                + "export SWARM_HOME\n"
                + "exec " + ShellWords.quote(swarmCommand) + " lease check --staged"
                + (repo == null ? "" : " --repo " + ShellWords.quote(repo)) + "\n";
    }
}

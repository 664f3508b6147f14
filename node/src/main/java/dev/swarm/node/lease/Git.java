package dev.swarm.node.lease;

import dev.swarm.node.error.SwarmException;
import dev.swarm.node.protocol.Identifiers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few things leases ask git, run as {@code git -C DIR ...} with an argument list (never a shell)
 * and a timeout; output goes through a temporary file, so a long list of staged paths cannot fill a
 * pipe and stall. Paths are read NUL-separated ({@code -z}), so no file name (spaces, newlines,
 * quotes, a leading {@code -}) can be mistaken for two or for an option.
 */
public final class Git {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    /** owner/repo at the end of a remote URL: https://host/owner/repo(.git), git@host:owner/repo(.git), ssh://... */
    private static final Pattern REMOTE = Pattern.compile("[:/]([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+?)(?:\\.git)?/?$");

    private final Path dir;

    public Git(Path dir) {
        this.dir = dir;
    }

    /** The top directory of the work tree {@code dir} is in. */
    public Path root() {
        return Path.of(run("rev-parse", "--show-toplevel").strip());
    }

    /** Where git looks for this repository's hooks (core.hooksPath honoured), as an absolute path. */
    public Path hooksDir() {
        Path hooks = Path.of(run("rev-parse", "--git-path", "hooks").strip());
        return hooks.isAbsolute() ? hooks : dir.resolve(hooks).normalize();
    }

    /** owner/repo from the URL of the remote {@code origin} (else the first remote). */
    public String repository() {
        List<String> remotes = split(run("remote"), '\n');
        if (remotes.isEmpty()) {
            throw SwarmException.invalidArgument("the git repository in " + dir + " has no remote to name it by;"
                    + " name the repository as owner/repo");
        }
        String remote = remotes.contains("origin") ? "origin" : remotes.get(0);
        String url = run("remote", "get-url", remote).strip();
        return repositoryOf(url).orElseThrow(() -> SwarmException.invalidArgument("cannot read owner/repo from the URL"
                + " of the git remote " + remote + "; name the repository as owner/repo"));
    }

    /** owner/repo at the end of a remote's URL. */
    static Optional<String> repositoryOf(String url) {
        Matcher matcher = REMOTE.matcher(url);
        if (!matcher.find()) {
            return Optional.empty();
        }
        String repo = matcher.group(1) + "/" + matcher.group(2);
        return Identifiers.isRepo(repo) ? Optional.of(repo) : Optional.empty();
    }

    /**
     * The paths a commit would touch: every staged addition, change, deletion and type change, with
     * both sides of a rename (renames are not paired, so moving a leased file away counts too).
     */
    public List<String> stagedPaths() {
        return split(run("diff", "--cached", "--name-only", "--no-renames", "-z"), '\0');
    }

    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        for (String part : text.split(String.valueOf(separator), -1)) {
            if (!part.isEmpty()) {
                parts.add(part);
            }
        }
        return parts;
    }

    private String run(String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("swarm-git", ".out");
            err = Files.createTempFile("swarm-git", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            builder.environment().put("GIT_TERMINAL_PROMPT", "0");
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw SwarmException.invalidArgument("git " + args[0] + " did not finish within " + TIMEOUT.toSeconds()
                        + " s in " + dir);
            }
            if (process.exitValue() != 0) {
                throw SwarmException.invalidArgument("git " + String.join(" ", args) + " failed in " + dir + ": "
                        + new String(Files.readAllBytes(err), StandardCharsets.UTF_8).strip());
            }
            return new String(Files.readAllBytes(out), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw SwarmException.invalidArgument("cannot run git in " + dir + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SwarmException.invalidArgument("interrupted while running git in " + dir);
        } finally {
            delete(out);
            delete(err);
        }
    }

    private static void delete(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a temporary file left behind is harmless
            }
        }
    }
}

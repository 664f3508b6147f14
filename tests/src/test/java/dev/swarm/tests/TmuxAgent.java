package dev.swarm.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in coding agent in a tmux pane, on a tmux server of its own: every line typed into the
 * pane is appended to {@link #received()}, so a test sees exactly what a wake typed. The server runs
 * on a private socket in the test's own directory ({@code TMUX_TMPDIR=DIR tmux -L NAME -f /dev/null}:
 * the user's tmux, its sockets and its configuration are never touched) and {@link #close} kills it.
 *
 * <p>{@link #program()} is a small script to give the node as {@code wake_tmux_program}: it runs the
 * real tmux on that socket, and first notes each invocation in {@link #calls()}, so a test can see
 * that the node is looking at the pane without typing into it.
 */
final class TmuxAgent implements AutoCloseable {
    static final String TARGET = "agent:0.0";
    private static final String TMUX = findTmux();

    private final Path dir;
    private final String socket;
    private final Path program;
    private final Path received;
    private final Path calls;
    private final Path stop;
    private boolean serverStarted;

    private TmuxAgent(Path dir) {
        this.dir = dir;
        this.socket = "swarm-wake-it-" + UUID.randomUUID().toString().substring(0, 8);
        this.program = dir.resolve("tmux");
        this.received = dir.resolve("received.txt");
        this.calls = dir.resolve("tmux-calls.txt");
        this.stop = dir.resolve("stop-working");
        try {
            Files.createDirectories(dir);
            Files.writeString(program, "#!/bin/sh\n"
                    + "printf '%s\\n' \"$*\" >> " + quote(calls) + "\n"
                    + "TMUX_TMPDIR=" + quote(dir) + "\nexport TMUX_TMPDIR\nunset TMUX TMUX_PANE\n"
                    + "exec " + quote(Path.of(TMUX)) + " -L " + socket + " -f /dev/null \"$@\"\n");
            Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An agent waiting at its prompt: the pane is still until something is typed. */
    static TmuxAgent idle(Path dir) {
        TmuxAgent agent = new TmuxAgent(dir);
        agent.startServer(agent.readLines());
        return agent;
    }

    /**
     * An agent busy printing a counter every tenth of a second until {@link #stopWorking()}, and only
     * then reading what was typed (a typed line waits in the terminal until then).
     */
    static TmuxAgent busy(Path dir) {
        TmuxAgent agent = new TmuxAgent(dir);
        agent.startServer("i=0; while [ ! -e " + quote(agent.stop) + " ]; do i=$((i+1)); echo \"working $i\";"
                + " sleep 0.1; done; echo done; " + agent.readLines());
        return agent;
    }

    /** The same tmux program on a socket where no server runs (and none is started). */
    static TmuxAgent withoutServer(Path dir) {
        return new TmuxAgent(dir);
    }

    /** The program to give the node as {@code wake_tmux_program}. */
    String program() {
        return program.toString();
    }

    /** The name of this agent's tmux socket ({@code tmux -L NAME}). */
    String socket() {
        return socket;
    }

    /** The lines the agent received, in order. */
    List<String> received() {
        return lines(received);
    }

    /** Each tmux command the node ran through {@link #program()} (its arguments, one line each). */
    List<String> calls() {
        return lines(calls);
    }

    /** Ends the busy agent's work: it prints "done", falls still and starts reading. */
    void stopWorking() {
        try {
            Files.writeString(stop, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the pane shows now. */
    String screen() {
        return tmux("capture-pane", "-p", "-t", TARGET);
    }

    private String readLines() {
        return "while IFS= read -r line; do printf '%s\\n' \"$line\" >> " + quote(received) + "; done";
    }

    private void startServer(String script) {
        tmux("new-session", "-d", "-s", "agent", "-x", "200", "-y", "50", script);
        serverStarted = true;
    }

    private String tmux(String... args) {
        List<String> command = new ArrayList<>(List.of(TMUX, "-L", socket, "-f", "/dev/null"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().remove("TMUX");
        builder.environment().remove("TMUX_PANE");
        builder.environment().put("TMUX_TMPDIR", dir.toString());
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("tmux " + String.join(" ", args) + " did not finish");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("tmux " + String.join(" ", args) + " failed with "
                        + process.exitValue() + ": " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String quote(Path path) {
        return "'" + path.toString().replace("'", "'\\''") + "'";
    }

    private static String findTmux() {
        for (String entry : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(entry.isEmpty() ? "." : entry, "tmux");
            if (Files.isExecutable(candidate)) {
                return candidate.toAbsolutePath().toString();
            }
        }
        throw new IllegalStateException("tmux is not installed (.ci/run installs it)");
    }

    @Override
    public void close() {
        if (serverStarted) {
            serverStarted = false;
            try {
                tmux("kill-server");
            } catch (IllegalStateException e) {
                // the server is gone already
            }
        }
    }

    @Override
    public String toString() {
        return "tmux agent on socket " + socket + " in " + dir + ", received " + received() + ", tmux calls "
                + calls();
    }
}

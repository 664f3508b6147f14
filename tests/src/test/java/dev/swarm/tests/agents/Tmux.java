package dev.swarm.tests.agents;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A tmux server of a test's own ({@code TMUX_TMPDIR=DIR tmux -L NAME -f /dev/null}): the user's
 * tmux, its sockets and its configuration are never touched. One session, one pane, whose program
 * gets exactly the environment given to {@link #start} (nothing of this JVM's environment leaks into
 * it but PATH, LANG and TERM).
 */
final class Tmux implements AutoCloseable {
    static final String TARGET = "agent:0.0";

    private final Path dir;
    private final String socket = "swarm-agents-" + UUID.randomUUID().toString().substring(0, 8);
    private Map<String, String> environment = Map.of();
    private boolean started;

    Tmux(Path dir) {
        this.dir = dir;
    }

    /** Starts the server with one session of {@code columns} x {@code rows} running {@code command}. */
    void start(int columns, int rows, Map<String, String> environment, Path workDir, List<String> command) {
        this.environment = Map.copyOf(environment);
        List<String> args = new ArrayList<>(List.of("new-session", "-d", "-s", "agent", "-x", String.valueOf(columns),
                "-y", String.valueOf(rows), "-c", workDir.toString()));
        args.addAll(command);
        run(args.toArray(String[]::new));
        started = true;
        // the pane stays (dead) when the program exits, so a test can still read why it ended
        run("set-option", "-t", "agent", "remain-on-exit", "on");
    }

    /** What the pane shows now, one line per row, trailing blanks trimmed ({@code capture-pane -p}). */
    String screen() {
        return run("capture-pane", "-p", "-t", TARGET);
    }

    /** The same with SGR attributes ({@code capture-pane -p -e}): dim placeholders can be told from text. */
    String screenWithAttributes() {
        return run("capture-pane", "-p", "-e", "-t", TARGET);
    }

    /** The cursor: column, row (0-based) and whether the terminal cursor is shown. */
    Cursor cursor() {
        String[] parts = run("display-message", "-p", "-t", TARGET, "#{cursor_x} #{cursor_y} #{cursor_flag}").trim()
                .split(" ");
        return new Cursor(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), "1".equals(parts[2]));
    }

    record Cursor(int column, int row, boolean visible) {
    }

    /** Types {@code text} as keystrokes ({@code send-keys -l}: no key names are interpreted). */
    void typeLiterally(String text) {
        run("send-keys", "-t", TARGET, "-l", "--", text);
    }

    /** Presses keys by tmux name ({@code Enter}, {@code Escape}, {@code C-u}, ...). */
    void press(String... keys) {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", TARGET));
        args.addAll(List.of(keys));
        run(args.toArray(String[]::new));
    }

    /** Pastes {@code text} as a bracketed paste ({@code set-buffer} + {@code paste-buffer -p}). */
    void pasteBracketed(String text) {
        String buffer = "swarm-" + UUID.randomUUID().toString().substring(0, 8);
        run("set-buffer", "-b", buffer, "--", text);
        run("paste-buffer", "-p", "-d", "-b", buffer, "-t", TARGET);
    }

    void resize(int columns, int rows) {
        run("resize-window", "-t", "agent", "-x", String.valueOf(columns), "-y", String.valueOf(rows));
    }

    /** The pane's title, which a program may set with an OSC 0 or 2 sequence. */
    String title() {
        return run("display-message", "-p", "-t", TARGET, "#{pane_title}").strip();
    }

    /** Sets the pane's title as a person would ({@code select-pane -T}). */
    void title(String title) {
        run("select-pane", "-t", TARGET, "-T", title);
    }

    /** Whether the pane's program is still running. */
    boolean alive() {
        return "0".equals(run("display-message", "-p", "-t", TARGET, "#{pane_dead}").trim());
    }

    /** The process id of the pane's program. */
    long panePid() {
        return Long.parseLong(run("display-message", "-p", "-t", TARGET, "#{pane_pid}").trim());
    }

    String socket() {
        return socket;
    }

    /**
     * A program that is tmux on this server ({@code tmux -L NAME -f /dev/null} with this TMUX_TMPDIR),
     * written once into the server's directory: what a node's {@code wake_tmux_program} is given so
     * that its wake reaches this pane and no other tmux.
     */
    Path program() {
        Path program = dir.resolve("tmux-here");
        try {
            Files.createDirectories(dir);
            Files.writeString(program, "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '" + calls() + "'\n"
                    + "TMUX_TMPDIR='" + dir + "' exec '" + tmux() + "' -L " + socket
                    + " -f /dev/null \"$@\"\n", StandardCharsets.UTF_8);
            if (!program.toFile().setExecutable(true, true)) {
                throw new IllegalStateException("cannot make " + program + " executable");
            }
            return program;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where {@link #program()} notes each of its invocations (its arguments, one line each). */
    Path calls() {
        return dir.resolve("program-calls.txt");
    }

    /** The invocations of {@link #program()} so far: what a node did to the pane, never the test's own keys. */
    List<String> programCalls() {
        try {
            return Files.exists(calls()) ? Files.readAllLines(calls(), StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String run(String... args) {
        List<String> command = new ArrayList<>(List.of(tmux(), "-L", socket, "-f", "/dev/null"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> env = builder.environment();
        String path = env.getOrDefault("PATH", "/usr/bin:/bin");
        String lang = env.getOrDefault("LANG", "C.UTF-8");
        env.clear();
        env.put("PATH", path);
        env.put("LANG", lang);
        env.put("TERM", "xterm-256color");
        env.putAll(environment);
        env.put("TMUX_TMPDIR", dir.toString());
        try {
            Files.createDirectories(dir);
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

    private static String tmux() {
        for (String entry : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(entry.isEmpty() ? "." : entry, "tmux");
            if (Files.isExecutable(candidate)) {
                return candidate.toAbsolutePath().toString();
            }
        }
        throw new IllegalStateException("tmux is not installed (.ci/run installs it)");
    }

    /**
     * Kills the server, then waits for the pane's program and everything it started to end (SIGKILL
     * for whatever still runs after a few seconds), so nothing writes into the test's directory while
     * JUnit deletes it.
     */
    @Override
    public void close() {
        if (!started) {
            return;
        }
        started = false;
        List<ProcessHandle> program = new ArrayList<>();
        try {
            ProcessHandle.of(panePid()).ifPresent(pane -> {
                program.add(pane);
                pane.descendants().forEach(program::add);
            });
        } catch (RuntimeException e) {
            // no pane any more
        }
        try {
            run("kill-server");
        } catch (IllegalStateException e) {
            // the server is gone already
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (ProcessHandle each : program) {
            try {
                each.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                each.destroyForcibly();
                each.onExit().join();
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

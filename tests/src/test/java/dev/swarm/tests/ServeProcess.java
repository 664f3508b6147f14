package dev.swarm.tests;

import dev.swarm.cli.Main;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code swarm <args>} as its own operating-system process: this JVM's java binary and class path
 * running {@link Main}, with the given environment added and stdout and stderr captured in files.
 * Closing it kills the process if it is still running.
 */
final class ServeProcess implements AutoCloseable {
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private ServeProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    static ServeProcess start(Path logDir, String name, Map<String, String> env, String... args) {
        return start(logDir, name, env, List.of(), System.getProperty("java.class.path"), args);
    }

    /**
     * The same with options for the JVM itself, as the launcher gives them, and the class path to run
     * with (this JVM's, or part of it).
     */
    static ServeProcess start(Path logDir, String name, Map<String, String> env, List<String> jvmOptions,
                              String classPath, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath);
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        try {
            Files.createDirectories(logDir);
            Path out = logDir.resolve(name + ".stdout");
            Path err = logDir.resolve(name + ".stderr");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
            builder.environment().putAll(env);
            return new ServeProcess(builder.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM on Unix, what systemd and Ctrl-C-like stops send. */
    void terminate() {
        process.destroy();
    }

    /** SIGKILL: a crash, as far as the process can tell (no shutdown hooks run). */
    void kill() {
        process.destroyForcibly();
    }

    int exitValue() {
        return process.exitValue();
    }

    /** Waits (at most {@code limit}) for the process to end; true when it has. */
    boolean awaitExit(Duration limit) {
        try {
            return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    String stdout() {
        return read(stdout);
    }

    String stderr() {
        return read(stderr);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    @Override
    public String toString() {
        return "pid " + process.pid() + (process.isAlive() ? " (running)" : " (exit " + process.exitValue() + ")")
                + "\n--- stdout\n" + stdout() + "--- stderr\n" + stderr();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            awaitExit(Duration.ofSeconds(10));
        }
    }
}

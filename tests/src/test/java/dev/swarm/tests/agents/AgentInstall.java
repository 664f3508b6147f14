package dev.swarm.tests.agents;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The three agent CLIs, pinned in {@code tests/agents/package-lock.json}: {@code npm ci} runs once
 * per checkout, when a program is missing from {@code node_modules/.bin} (node_modules stays out of
 * git).
 */
final class AgentInstall {
    private static final Duration INSTALL = Duration.ofMinutes(10);

    private AgentInstall() {
    }

    /**
     * {@code tests/agents/node_modules/.bin}, installed if needed. The ITs run in two JVMs at once, so
     * the check and the install happen under a file lock that both see.
     */
    static synchronized Path binDir() {
        Path dir = agentsDir();
        Path bin = dir.resolve("node_modules/.bin");
        try (FileChannel channel = FileChannel.open(dir.resolve(".install.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
            boolean complete = true;
            for (AgentKind kind : AgentKind.values()) {
                complete &= Files.isExecutable(bin.resolve(kind.binary()));
            }
            if (!complete) {
                install(dir);
            }
            return bin;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path agentsDir() {
        String configured = System.getProperty("swarm.agents.dir");
        Path dir = configured != null ? Path.of(configured) : Path.of("agents").toAbsolutePath();
        assertThat(dir.resolve("package-lock.json")).as("the pinned agent CLIs").exists();
        return dir;
    }

    private static void install(Path dir) {
        try {
            Path log = dir.resolve("npm-ci.log");
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean done = npm.waitFor(INSTALL.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                npm.destroyForcibly();
            }
            assertThat(done && npm.exitValue() == 0).as("npm ci in %s: %s", dir, Files.readString(log)).isTrue();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run npm (node and npm are needed for the real-agent tests): "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

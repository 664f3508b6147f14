package dev.swarm.tests.reference;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The reference implementation of the protocol (Python; its tarball and {@code setup.sh} live in the
 * shared {@code asp-reference} folder, outside this repository), made runnable once per build: the
 * folder {@code setup.sh} fills goes under the build directory ({@code tests/target/asp-reference}),
 * prepared under a file lock, because the two failsafe forks (and any test class in them) may ask at
 * the same moment. Nothing of the reference is copied into the project; its unmodified server and CLI
 * run from there through the {@code asp_cli} and {@code asp_serve} functions of {@code env.sh}.
 */
final class ReferenceInstall {
    private static final Duration SETUP = Duration.ofMinutes(10);
    private static ReferenceInstall instance;

    private final Path dir;

    private ReferenceInstall(Path dir) {
        this.dir = dir;
    }

    /** The prepared reference, setting it up first if this build has not yet. */
    static synchronized ReferenceInstall get() {
        if (instance == null) {
            Path target = Path.of(property("swarm.asp.reference.target")
                    .orElseGet(() -> Path.of("target", "asp-reference").toAbsolutePath().toString()));
            instance = new ReferenceInstall(prepare(source(), target));
        }
        return instance;
    }

    /** The command that runs {@code function} of env.sh ({@code asp_cli} or {@code asp_serve}) with {@code args}. */
    List<String> command(String function, List<String> args) {
        // the script text is constant; every argument travels as a positional parameter, never as shell text
        List<String> command = new ArrayList<>(List.of("bash", "-c", "source \"$1\"; shift; " + function + " \"$@\"",
                "asp", dir.resolve("env.sh").toString()));
        command.addAll(args);
        return command;
    }

    /**
     * The shared folder holding {@code setup.sh}: {@code -Dasp.reference=DIR} or {@code ASP_REFERENCE=DIR}
     * when given, else the first {@code shared/asp-reference} found from the checkout upwards.
     */
    private static Path source() {
        Optional<String> configured = property("swarm.asp.reference")
                .or(() -> Optional.ofNullable(System.getenv("ASP_REFERENCE")).filter(value -> !value.isBlank()));
        if (configured.isPresent()) {
            Path dir = Path.of(configured.get()).toAbsolutePath();
            if (!Files.isRegularFile(dir.resolve("setup.sh"))) {
                throw new IllegalStateException("no setup.sh in " + dir
                        + " (given as -Dasp.reference or ASP_REFERENCE)");
            }
            return dir;
        }
        Path start = Path.of(property("swarm.project.dir").orElse(".")).toAbsolutePath().normalize();
        for (Path at = start; at != null; at = at.getParent()) {
            Path candidate = at.resolve("shared").resolve("asp-reference");
            if (Files.isRegularFile(candidate.resolve("setup.sh"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("the reference implementation (shared/asp-reference/setup.sh) is not in "
                + start + " or any folder above it; give its folder with -Dasp.reference=DIR or ASP_REFERENCE=DIR");
    }

    private static Path prepare(Path source, Path target) {
        try {
            Files.createDirectories(target.getParent());
            Path lockFile = target.resolveSibling(target.getFileName() + ".lock");
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE)) {
                FileLock lock = channel.lock();
                try {
                    // setup.sh writes env.sh last, so its presence means a complete set-up
                    if (!Files.isRegularFile(target.resolve("env.sh"))) {
                        runSetup(source, target);
                    }
                } finally {
                    lock.release();
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void runSetup(Path source, Path target) throws IOException {
        Path log = target.resolveSibling(target.getFileName() + "-setup.log");
        Process setup = new ProcessBuilder("bash", source.resolve("setup.sh").toString(), target.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            boolean done = setup.waitFor(SETUP.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                setup.destroyForcibly();
            }
            if (!done || setup.exitValue() != 0 || !Files.isRegularFile(target.resolve("env.sh"))) {
                throw new IllegalStateException("setup.sh of the reference implementation failed"
                        + (done ? " (exit " + setup.exitValue() + ")" : " (timed out)") + ":\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Optional<String> property(String name) {
        return Optional.ofNullable(System.getProperty(name)).filter(value -> !value.isBlank());
    }
}

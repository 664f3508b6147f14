package dev.swarm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's training run (what its class-data-sharing archive is recorded from), in a child JVM
 * as the launcher runs it: it must succeed, having served {@code /health} over HTTPS, and leave nothing
 * behind.
 */
class ClassDataTrainingTest {
    @TempDir
    Path tmp;

    @Test
    void runsTheCommandsAndTheServerThenCleansUp() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"),
                ClassDataTraining.class.getName())
                .redirectErrorStream(true).start();
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String output = new String(child.getInputStream().readAllBytes());

        assertThat(child.exitValue()).as(output).isZero();
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.map(path -> path.getFileName().toString()))
                    .noneMatch(name -> name.startsWith("swarm-cds-training-"));
        }
    }
}

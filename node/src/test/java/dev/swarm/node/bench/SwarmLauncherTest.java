package dev.swarm.node.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SwarmLauncherTest {
    private final SwarmLauncher java = new SwarmLauncher(List.of("/usr/bin/java", "-XX:+UseSerialGC",
            "-XX:+ExitOnOutOfMemoryError", "-jar", "/x/swarm.jar"), "java");

    @Test
    void withoutTheScriptShortCommandsGetTheClientCompilerAsTheLauncherGivesThem() {
        assertThat(java.command("status", "--json")).containsExactly("/usr/bin/java", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-jar", "/x/swarm.jar", "status", "--json");
    }

    @Test
    void withoutTheScriptTheDaemonGetsTheFullJitAndASmallInitialHeap() {
        assertThat(java.command("serve")).containsExactly("/usr/bin/java", "-Xms16m", "-XX:+UseSerialGC",
                "-XX:+ExitOnOutOfMemoryError", "-jar", "/x/swarm.jar", "serve");
    }

    @Test
    void theScriptIsRunAsItIsAndChoosesItsOwnFlags() {
        SwarmLauncher script = new SwarmLauncher(List.of("/checkout/swarm"), "/checkout/swarm");
        assertThat(script.command("serve", "--listen", "127.0.0.1:1")).containsExactly("/checkout/swarm", "serve",
                "--listen", "127.0.0.1:1");
    }

    @Test
    void aGivenLauncherMustBeExecutable(@TempDir Path dir) {
        assertThatThrownBy(() -> SwarmLauncher.detect(dir.resolve("missing")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an executable");
    }
}

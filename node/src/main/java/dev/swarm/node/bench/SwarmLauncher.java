package dev.swarm.node.bench;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How the start and memory benchmarks run {@code swarm} as a child process, the way users do: the
 * launcher script of the checkout this jar was built in ({@code ./swarm}, with its JVM flags and
 * class-data-sharing archive) when there is one, else {@code java} with the launcher's flags.
 */
public record SwarmLauncher(List<String> prefix, String description) {
    /**
     * The launcher's flags (see {@code ./swarm}); short commands add {@code -XX:TieredStopAtLevel=1},
     * the daemon {@code -Xms16m}.
     */
    static final List<String> JVM_FLAGS = List.of("-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError");

    /** {@code given} if set (a launcher script), else the checkout's launcher, else java and the jar. */
    public static SwarmLauncher detect(Path given) {
        if (given != null) {
            if (!Files.isExecutable(given)) {
                throw new IllegalArgumentException(given + " is not an executable launcher");
            }
            return new SwarmLauncher(List.of(given.toAbsolutePath().toString()), given.toAbsolutePath().toString());
        }
        Path jar = ownJar();
        Path checkout = jar.getParent() == null || jar.getParent().getParent() == null ? null
                : jar.getParent().getParent().getParent();
        if (checkout != null && Files.isExecutable(checkout.resolve("swarm"))
                && jar.equals(checkout.resolve("swarm-cli/target/swarm.jar"))) {
            Path script = checkout.resolve("swarm");
            return new SwarmLauncher(List.of(script.toString()), script.toString());
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> prefix = new ArrayList<>(List.of(java));
        prefix.addAll(JVM_FLAGS);
        prefix.add("-jar");
        prefix.add(jar.toString());
        return new SwarmLauncher(prefix, String.join(" ", prefix));
    }

    /** The command line for {@code swarm args...}; without a launcher script, short commands get C1 only. */
    public List<String> command(String... args) {
        return command(List.of(), args);
    }

    /**
     * The same with JVM flags of the caller's ({@code -Xmx512m}) when the launcher is {@code java}
     * itself; a launcher script gets them from {@code SWARM_JAVA_OPTS} instead (see {@link ChildNode}).
     */
    public List<String> command(List<String> jvmFlags, String... args) {
        List<String> command = new ArrayList<>(prefix);
        if (prefix.size() > 1) {
            command.add(1, args.length > 0 && "serve".equals(args[0]) ? "-Xms16m" : "-XX:TieredStopAtLevel=1");
            command.addAll(2, jvmFlags);
        }
        command.addAll(List.of(args));
        return command;
    }

    private static Path ownJar() {
        try {
            Path location = Path.of(SwarmLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toAbsolutePath().normalize();
            if (!Files.isRegularFile(location)) {
                throw new IllegalStateException("run this benchmark from swarm.jar (or give --launcher): classes come from "
                        + location);
            }
            return location;
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot tell where swarm.jar is", e);
        }
    }
}

package dev.swarm.node.agent;

/**
 * The absolute path of the {@code swarm} command that started this JVM, as the launchers pass it
 * ({@code -Dswarm.command}), for writing it into agents' configurations and the wake's hints: an
 * agent's shell may not have {@code swarm} on its PATH. Plain {@code swarm} when run some other way.
 */
public final class SwarmCommandPath {
    public static final String PROPERTY = "swarm.command";

    private SwarmCommandPath() {
    }

    public static String current() {
        String path = System.getProperty(PROPERTY);
        return path == null || path.isBlank() ? "swarm" : path;
    }
}

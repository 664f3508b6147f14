package dev.swarm.node.identity;

import java.nio.file.Path;
import java.util.Map;

/**
 * The node's directory ({@code SWARM_HOME}, default {@code ~/.swarm}) and the files in it. The key
 * and config file names are the Python implementation's, so an existing directory works unchanged;
 * our database has its own name and never touches the older {@code swarm.db}.
 */
public record SwarmHome(Path dir) {
    public static final String ENV = "SWARM_HOME";

    public SwarmHome {
        dir = dir.toAbsolutePath().normalize();
    }

    public static SwarmHome resolve(Map<String, String> env) {
        String configured = env.get(ENV);
        if (configured != null && !configured.isBlank()) {
            return new SwarmHome(Path.of(configured));
        }
        String userHome = env.getOrDefault("HOME", System.getProperty("user.home"));
        return new SwarmHome(Path.of(userHome, ".swarm"));
    }

    public Path keyFile() {
        return dir.resolve("agent.key");
    }

    /**
     * A new key being rotated in: written before the rotation's transaction commits and moved over
     * {@link #keyFile()} after; one left behind is finished or dropped when the node next opens.
     */
    public Path nextKeyFile() {
        return dir.resolve("agent.key.next");
    }

    public Path configFile() {
        return dir.resolve("config.yaml");
    }

    public Path database() {
        return dir.resolve("node.db");
    }

    /** Held by a running {@code swarm serve}; tells other commands a daemon serves this identity. */
    public Path serveLock() {
        return dir.resolve("serve.lock");
    }

    /** The local API's bearer token (0600). */
    public Path adminToken() {
        return dir.resolve("admin.token");
    }

    /**
     * The local API's Unix socket, which the agents' hooks call: in this private directory, so only
     * this user can connect (besides the bearer token).
     */
    public Path apiSocket() {
        return dir.resolve("api.sock");
    }

    public Path tlsDir() {
        return dir.resolve("tls");
    }
}

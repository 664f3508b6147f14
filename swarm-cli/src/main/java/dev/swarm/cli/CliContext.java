package dev.swarm.cli;

import dev.swarm.node.NodeOptions;
import dev.swarm.node.SwarmNode;
import dev.swarm.node.config.ConfigFile;
import dev.swarm.node.config.Settings;
import dev.swarm.node.identity.Identity;
import dev.swarm.node.identity.IdentityStore;
import dev.swarm.node.identity.SwarmHome;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * What one invocation of {@code swarm} runs in: its environment, streams and SWARM_HOME, and the node
 * it opens (at most one, closed by {@link Main} when the command returns). Passing this in, instead
 * of reading System.getenv, lets tests run many nodes' commands in one JVM.
 */
public final class CliContext implements AutoCloseable {
    private final Map<String, String> env;
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final SwarmHome home;
    private final Settings settings;
    private final boolean interactive;
    private SwarmNode node;

    public CliContext(Map<String, String> env, InputStream in, PrintStream out, PrintStream err, SwarmHome home,
                      boolean interactive) {
        this.env = Map.copyOf(env);
        this.in = in;
        this.out = out;
        this.err = err;
        this.home = home;
        this.settings = new Settings(env, ConfigFile.read(home.configFile()));
        this.interactive = interactive;
    }

    public Map<String, String> env() {
        return env;
    }

    public InputStream in() {
        return in;
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    public SwarmHome home() {
        return home;
    }

    public Settings settings() {
        return settings;
    }

    /** True when a person sits at a terminal (so a command may ask before destroying something). */
    public boolean interactive() {
        return interactive;
    }

    /** Opens this home's node with the identity from disk; the node is closed when the command ends. */
    public SwarmNode node(NodeOptions options) {
        if (node == null) {
            Identity identity = IdentityStore.load(home, settings);
            node = SwarmNode.open(home, identity, options);
        }
        return node;
    }

    @Override
    public void close() {
        if (node != null) {
            node.close();
        }
    }
}

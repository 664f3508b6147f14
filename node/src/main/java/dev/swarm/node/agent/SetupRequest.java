package dev.swarm.node.agent;

import java.nio.file.Path;
import java.util.Map;

/**
 * What {@code swarm agent setup} installs, and where: the {@code swarm} command to call (absolute),
 * the node's home it passes on, and the environment that locates the agent's own configuration
 * ({@code HOME}, {@code CLAUDE_CONFIG_DIR}, {@code CODEX_HOME}, {@code GEMINI_CLI_HOME}).
 */
public record SetupRequest(String swarmCommand, Path swarmHome, Map<String, String> env) {
    public SetupRequest {
        env = Map.copyOf(env);
    }

    /** The user's home directory, from {@code HOME} (falling back to the JVM's idea of it). */
    public Path userHome() {
        String home = env.get("HOME");
        return Path.of(home == null || home.isBlank() ? System.getProperty("user.home") : home);
    }

    /** A directory named by an environment variable, or {@code fallback} under the user's home. */
    public Path dir(String variable, String fallback) {
        String value = env.get(variable);
        return value == null || value.isBlank() ? userHome().resolve(fallback) : Path.of(value);
    }

    /** The command line a hook runs for {@code event}, quoted for the shell that clients run hooks with. */
    public String hookCommand(AgentKind agent, String event) {
        return ShellWords.quote(swarmCommand) + " hook " + agent.wire() + " " + event + " --home "
                + ShellWords.quote(swarmHome.toString());
    }
}

package dev.swarm.tests.agents;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The three coding agents the lab runs, each with its own way to be configured offline. */
enum AgentKind {
    CLAUDE("claude", new ClaudeSetup()),
    CODEX("codex", new CodexSetup()),
    GEMINI("gemini", new GeminiSetup());

    private final String binary;
    private final AgentSetup setup;

    AgentKind(String binary, AgentSetup setup) {
        this.binary = binary;
        this.setup = setup;
    }

    /** The program in {@code tests/agents/node_modules/.bin}. */
    String binary() {
        return binary;
    }

    AgentSetup setup() {
        return setup;
    }

    /**
     * Writes one agent's configuration into a test's directories and says how to start it: every
     * first-run question answered by files or environment, the model API pointed at the stand-in.
     */
    interface AgentSetup {
        /** Writes the configuration files and returns the environment of the agent's process. */
        Map<String, String> configure(AgentDirs dirs, String modelUrl, List<Hook> hooks, List<String> notify);

        /** The arguments after the program name. */
        List<String> arguments();
    }

    /** A test's private places for one agent: its HOME, its config home and its git working tree. */
    record AgentDirs(Path root, Path home, Path configHome, Path work) {
    }
}

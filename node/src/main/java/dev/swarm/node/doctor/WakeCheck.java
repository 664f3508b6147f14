package dev.swarm.node.doctor;

import dev.swarm.node.agent.AgentSetup;
import dev.swarm.node.agent.AgentStatus;
import dev.swarm.node.agent.SetupRequest;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.identity.ServeLock;
import dev.swarm.node.identity.SwarmHome;
import dev.swarm.node.wake.Pane;
import dev.swarm.node.wake.PaneScreen;
import dev.swarm.node.wake.TmuxPane;
import dev.swarm.node.wake.WakeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the agent hears of messages: the wake target (the tmux pane exists and can be read, or the wake
 * command is an executable program) and the hooks, judged with {@code swarm agent status}'s own logic
 * ({@link AgentSetup#status}): every agent configured on this host has this node's MCP server and all of
 * its hooks, and the hooks can reach the daemon (its Unix socket is there).
 */
final class WakeCheck implements DoctorCheck {
    static final String NAME = "wake";

    private final WakeConfig config;
    private final SwarmHome home;
    private final SetupRequest request;
    private final List<AgentSetup> agents;

    WakeCheck(WakeConfig config, SwarmHome home, SetupRequest request, List<AgentSetup> agents) {
        this.config = config;
        this.home = home;
        this.request = request;
        this.agents = List.copyOf(agents);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult run() {
        List<String> failures = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<String> advice = new ArrayList<>();
        List<String> good = new ArrayList<>();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("wake_method", config.method().name().toLowerCase(java.util.Locale.ROOT));
        target(failures, warnings, advice, good);
        String dir = home.dir().toAbsolutePath().toString();
        int configured = 0;
        for (AgentSetup setup : agents) {
            AgentStatus status;
            try {
                status = setup.status(request);
            } catch (SwarmException e) {
                failures.add(setup.kind().title() + ": " + e.getMessage());
                advice.add("fix or move aside the file named, then: swarm agent setup " + setup.kind().wire());
                continue;
            }
            if (!status.configured()) {
                continue;
            }
            configured++;
            details.put(setup.kind().wire(), Map.of("mcp", status.mcpRegistered(), "hooks", status.hooksInstalled(),
                    "hooks_missing", status.hooksMissing()));
            if (status.hooksInstalled().isEmpty() && !status.mcpRegistered()) {
                warnings.add(status.title() + " is not set up for swarm");
                advice.add("swarm agent setup " + setup.kind().wire() + " (if this agent should get messages)");
            } else if (!status.hooksMissing().isEmpty() || (status.hooksHome() != null && !dir.equals(status.hooksHome()))
                    || (status.mcpHome() != null && !dir.equals(status.mcpHome()))) {
                failures.add(status.title() + ": hooks missing " + status.hooksMissing() + (status.hooksHome() != null
                        && !dir.equals(status.hooksHome()) ? ", hooks for another node " + status.hooksHome() : ""));
                advice.add("swarm agent setup " + setup.kind().wire());
            } else {
                good.add(status.title() + " hooks " + String.join(", ", status.hooksInstalled()));
            }
        }
        if (configured == 0) {
            warnings.add("no coding agent's configuration found on this host");
            advice.add("install the agent, then swarm agent setup claude (or codex, gemini)");
        }
        if (ServeLock.holder(home).isPresent() && !Files.exists(home.apiSocket())) {
            failures.add("the hooks' socket " + home.apiSocket() + " is missing, so hooks cannot reach the daemon");
            advice.add("restart the daemon; a SWARM_HOME path longer than about 100 characters cannot hold a socket");
        }
        String summary = String.join("; ", concat(failures, warnings, good));
        if (!failures.isEmpty()) {
            return CheckResult.fail(NAME, summary, String.join("; ", advice), details);
        }
        if (!warnings.isEmpty()) {
            return CheckResult.warn(NAME, summary, String.join("; ", advice), details);
        }
        return CheckResult.ok(NAME, summary, details);
    }

    private void target(List<String> failures, List<String> warnings, List<String> advice, List<String> good) {
        switch (config.method()) {
            case TMUX -> {
                Pane.Result<PaneScreen> screen = new TmuxPane(config.tmuxProgram(), config.tmuxTarget()).screen();
                if (screen.failure() != null) {
                    failures.add("the wake pane " + config.tmuxTarget() + " cannot be read: " + screen.failure());
                    advice.add("start the agent in tmux (tmux new -s main), or set wake_tmux_target to its pane (tmux"
                            + " list-panes -a); the daemon must run as the user who owns that tmux");
                } else {
                    good.add("wake pane " + config.tmuxTarget() + " is there (" + screen.value().command() + ")");
                }
            }
            case COMMAND -> {
                String program = config.command();
                if (!executable(program)) {
                    failures.add("the wake command " + program + " is not an executable file");
                    advice.add("set wake_command to an absolute path of a program that exists");
                } else {
                    good.add("wake command " + program);
                }
            }
            case NONE -> {
                warnings.add("no wake target: agents hear of messages only at their next hook");
                advice.add("set wake_tmux_target to the agent's tmux pane to have idle agents woken");
            }
            default -> throw new IllegalStateException("unknown wake method " + config.method());
        }
    }

    /** A path, or a name found on PATH, of an executable file (the wake runs it without a shell). */
    private static boolean executable(String program) {
        if (program.contains("/")) {
            return Files.isExecutable(Path.of(program));
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> list : lists) {
            all.addAll(list);
        }
        return all;
    }
}

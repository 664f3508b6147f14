package dev.swarm.node.agent;

import dev.swarm.node.config.ConfigFile;
import dev.swarm.node.config.Setting;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code swarm agent setup} and {@code swarm agent remove}: the agent's own files (through its
 * {@link AgentSetup}) and, when a wake target is given, this node's {@code config.yaml}
 * ({@code wake_method tmux}, the pane, {@code wake_agent}), each as a {@link ConfigEdit}, shown as
 * diffs in a dry run and otherwise written with backups.
 */
public final class AgentInstaller {
    private final Clock clock;

    public AgentInstaller(Clock clock) {
        this.clock = clock;
    }

    /** One file's outcome: changed (with its backup), unchanged, or (dry run) the diff it would get. */
    public record FileResult(String file, String status, String backup, List<String> changes, String diff) {
    }

    /** What setup or remove did (or would do). */
    public record Result(String agent, String action, boolean dryRun, List<FileResult> files, String wakeTarget,
                         List<String> notes) {
    }

    public Result setup(AgentKind agent, SetupRequest request, ConfigFile config, Optional<String> wakeTarget,
                        boolean dryRun) {
        List<ConfigEdit> edits = new ArrayList<>(AgentSetups.of(agent).install(request));
        List<String> notes = new ArrayList<>();
        if (wakeTarget.isPresent()) {
            ConfigFile changed = config.with(Setting.WAKE_METHOD.key(), "tmux")
                    .with(Setting.WAKE_TMUX_TARGET.key(), wakeTarget.get()).with(Setting.WAKE_AGENT.key(), agent.wire());
            edits.add(yamlEdit(config, changed, "wake: tmux pane " + wakeTarget.get() + " running " + agent.wire()));
        } else {
            notes.add("no wake target set (not run inside tmux and none given): the hooks bring messages while the agent"
                    + " works; to also wake it when idle, run this again inside its tmux pane or give the pane");
        }
        if (!"swarm".equals(request.swarmCommand()) && !request.swarmCommand().startsWith("/")) {
            notes.add("the swarm command is not an absolute path (" + request.swarmCommand() + "); the agent needs it"
                    + " on its PATH");
        }
        return run(agent, "setup", edits, dryRun, wakeTarget.orElse(null), notes);
    }

    public Result remove(AgentKind agent, SetupRequest request, ConfigFile config, boolean dryRun) {
        List<ConfigEdit> edits = new ArrayList<>(AgentSetups.of(agent).remove(request));
        if (agent.wire().equals(config.get(Setting.WAKE_AGENT.key()))) {
            ConfigFile changed = config.with(Setting.WAKE_METHOD.key(), null).with(Setting.WAKE_TMUX_TARGET.key(), null)
                    .with(Setting.WAKE_AGENT.key(), null);
            edits.add(yamlEdit(config, changed, "wake target removed"));
        }
        return run(agent, "remove", edits, dryRun, null, List.of());
    }

    private Result run(AgentKind agent, String action, List<ConfigEdit> edits, boolean dryRun, String wakeTarget,
                       List<String> notes) {
        List<FileResult> files = new ArrayList<>();
        for (ConfigEdit edit : edits) {
            if (!edit.changed()) {
                files.add(new FileResult(edit.file().toString(), "unchanged", null, List.of(), null));
            } else if (dryRun) {
                files.add(new FileResult(edit.file().toString(), "would change", null, edit.changes(), edit.diff()));
            } else {
                Optional<java.nio.file.Path> backup = edit.apply(clock);
                files.add(new FileResult(edit.file().toString(), "changed", backup.map(Object::toString).orElse(null),
                        edit.changes(), null));
            }
        }
        return new Result(agent.wire(), action, dryRun, files, wakeTarget, notes);
    }

    private static ConfigEdit yamlEdit(ConfigFile before, ConfigFile after, String what) {
        String old = ConfigEdit.read(before.path());
        String now = after.values().equals(before.values()) ? old : after.render();
        return new ConfigEdit(before.path(), old, now, List.of(what));
    }
}

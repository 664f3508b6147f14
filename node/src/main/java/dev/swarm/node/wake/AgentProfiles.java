package dev.swarm.node.wake;

import java.util.List;

/** The profiles {@code wake_agent} can name, and the order {@code auto} tries them in. */
public final class AgentProfiles {
    private AgentProfiles() {
    }

    /** Every known profile, agents before the shell (an agent runs inside a shell's pane, not the other way). */
    public static List<AgentProfile> all() {
        return List.of(new ClaudeProfile(), new CodexProfile(), new GeminiProfile(), new ShellProfile());
    }

    /** The one profile a name selects, or all of them for {@code auto}. */
    public static List<AgentProfile> forSetting(String name) {
        if ("auto".equals(name)) {
            return all();
        }
        return all().stream().filter(profile -> profile.name().equals(name)).findFirst().map(List::of)
                .orElseThrow(() -> new IllegalArgumentException("no wake profile " + name));
    }
}

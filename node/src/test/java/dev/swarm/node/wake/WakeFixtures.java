package dev.swarm.node.wake;

import dev.swarm.node.config.Setting;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Wake configurations and messages for the wake unit tests. */
final class WakeFixtures {
    /** The hint of an agent that has the MCP tools. */
    static final ReadHint HINT = new ReadHint(true, "/opt/swarm/bin/swarm", "/home/me/.swarm");

    private WakeFixtures() {
    }

    /** The defaults, a tmux target, and the given overrides. */
    static WakeConfig config(Object... keyValues) {
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        values.put(Setting.WAKE_TMUX_TARGET, "agent:0.0");
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put((Setting) keyValues[i], (String) keyValues[i + 1]);
        }
        return WakeConfig.from(setting -> values.containsKey(setting) ? values.get(setting) : setting.defaultValue());
    }

    static WakeCandidate message(String id, String sender, boolean direct, String content) {
        return new WakeCandidate(id, "660e8400-e29b-41d4-a716-446655440001", "build-team", sender, direct, "message",
                "normal", content, List.of(), false, false, false, false);
    }

    static WakeCandidate with(WakeCandidate m, String type, String priority, boolean senderMuted, boolean swarmMuted,
                              boolean receipt) {
        return new WakeCandidate(m.messageId(), m.swarmId(), m.swarmName(), m.senderId(), m.direct(), type, priority,
                m.content(), m.issues(), senderMuted, swarmMuted, receipt, m.receiptRequested());
    }
}

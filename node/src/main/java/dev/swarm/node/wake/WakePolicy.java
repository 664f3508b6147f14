package dev.swarm.node.wake;

import java.time.LocalTime;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Decides, per stored message, whether it may wake the agent and how urgently. Never: the node's own
 * messages, delivery receipts and ordering acknowledgements, low-priority messages (read on request
 * only; the hooks do not push them either), muted senders or swarms, and (by default) system messages.
 * Otherwise the level is the highest rule that matches: direct or broadcast, a mention of
 * {@code @this_agent}, a keyword, a watched sender, {@code priority: high}. During quiet hours only
 * urgent messages wake.
 */
public final class WakePolicy {
    private final WakeConfig config;
    private final String selfId;
    private final Pattern mention;

    public WakePolicy(WakeConfig config, String selfId) {
        this.config = config;
        this.selfId = selfId;
        this.mention = Pattern.compile("(^|[^a-zA-Z0-9_.-])@" + Pattern.quote(selfId) + "(?![a-zA-Z0-9_-])");
    }

    /** The level and, for a message that will not wake anyone, why. */
    public record Decision(WakeLevel level, String reason) {
        public boolean wakes() {
            return level != WakeLevel.SILENT;
        }
    }

    /** False when system messages are silent, as by default: then none needs to be looked at. */
    public boolean systemMayWake() {
        return config.system() != WakeLevel.SILENT;
    }

    public Decision decide(WakeCandidate message, LocalTime now) {
        Decision decision = judge(message);
        if (decision.level() == WakeLevel.NORMAL && config.quietHours() != null && config.quietHours().contains(now)) {
            return new Decision(WakeLevel.SILENT, "quiet hours " + config.quietHours());
        }
        return decision;
    }

    /**
     * The level by every rule but quiet hours, which are about waking an idle agent: a hook runs while
     * the agent is working anyway, so it takes what is not silent by this.
     */
    public Decision judge(WakeCandidate message) {
        if (message.senderId().equals(selfId)) {
            return new Decision(WakeLevel.SILENT, "own message");
        }
        if (message.isReceipt()) {
            return new Decision(WakeLevel.SILENT, "delivery receipt or acknowledgement");
        }
        if ("low".equals(message.priority())) {
            return new Decision(WakeLevel.SILENT, "low priority: read on request");
        }
        if (message.senderMuted()) {
            return new Decision(WakeLevel.SILENT, "sender " + message.senderId() + " is muted");
        }
        if (message.swarmMuted()) {
            return new Decision(WakeLevel.SILENT, "swarm " + message.swarmName() + " is muted");
        }
        WakeLevel level = "system".equals(message.type()) ? config.system()
                : message.direct() ? config.direct() : config.broadcast();
        if (!"system".equals(message.type())) {
            if (mention.matcher(message.content()).find()) {
                level = level.max(config.mention());
            }
            String lower = message.content().toLowerCase(Locale.ROOT);
            if (config.keywords().stream().anyMatch(word -> lower.contains(word.toLowerCase(Locale.ROOT)))) {
                level = WakeLevel.URGENT;
            }
            if (config.watched().contains(message.senderId())) {
                level = WakeLevel.URGENT;
            }
            if ("high".equals(message.priority())) {
                level = WakeLevel.URGENT;
            }
        }
        if (level == WakeLevel.SILENT) {
            return new Decision(WakeLevel.SILENT, ("system".equals(message.type()) ? "system message"
                    : message.direct() ? "direct message" : "broadcast") + " is set to silent");
        }
        return new Decision(level, null);
    }
}

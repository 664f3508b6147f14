package dev.swarm.cli;

import dev.swarm.node.coordination.CoordinationConfig;
import picocli.CommandLine.Option;

/** Presence, stuck and loop-guard settings as flags (each also SWARM_* and a config.yaml key; see swarm config). */
public final class CoordinationOptions {
    @Option(names = "--presence-heartbeat", paramLabel = "SECONDS", description = "Presence sent at least this often.")
    String heartbeat;
    @Option(names = "--presence-debounce", paramLabel = "SECONDS", description = "A change must last this long to be announced.")
    String debounce;
    @Option(names = "--presence-away-after", paramLabel = "SECONDS", description = "No hook signal this long: away.")
    String awayAfter;
    @Option(names = "--stuck-after", paramLabel = "SECONDS", description = "A claim holder silent this long is stuck.")
    String stuckAfter;
    @Option(names = "--guard-max-hops", paramLabel = "N", description = "Deeper reply chains wake nobody.")
    String maxHops;
    @Option(names = "--guard-thread-burst", paramLabel = "N", description = "More replies in one thread per window wake nobody.")
    String threadBurst;
    @Option(names = "--guard-sender-burst", paramLabel = "N", description = "More replies from one sender per window wake nobody.")
    String senderBurst;
    @Option(names = "--guard-window", paramLabel = "SECONDS", description = "The window the loop guard counts bursts in.")
    String window;

    /** The effective configuration: each option already holds flag, environment, file or default. */
    CoordinationConfig config() {
        return CoordinationConfig.from(setting -> switch (setting) {
            case PRESENCE_HEARTBEAT -> heartbeat;
            case PRESENCE_DEBOUNCE -> debounce;
            case PRESENCE_AWAY_AFTER -> awayAfter;
            case STUCK_AFTER -> stuckAfter;
            case GUARD_MAX_HOPS -> maxHops;
            case GUARD_THREAD_BURST -> threadBurst;
            case GUARD_SENDER_BURST -> senderBurst;
            case GUARD_WINDOW -> window;
            default -> throw new IllegalArgumentException(setting + " is not a coordination setting");
        });
    }
}

package dev.swarm.node.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Notifications that are the nodes' own bookkeeping rather than news for the agent: delivery receipts
 * ({@code receipt_for}), presence announcements ({@code presence}) and loop-guard notices
 * ({@code loop_guard_held}) and file leases ({@code lease_event}). None of them wakes an agent or reaches
 * it through its hooks; presence and leases are not even kept in the inbox. The marker is the metadata
 * key; it counts only on a notification.
 */
public final class Bookkeeping {
    public static final String PRESENCE = "presence";
    public static final String GUARD_HELD = "loop_guard_held";
    public static final String LEASE = "lease_event";

    private Bookkeeping() {
    }

    public static boolean isPresence(String type, Map<String, Object> metadata) {
        return "notification".equals(type) && metadata != null && metadata.get(PRESENCE) != null;
    }

    public static boolean isLease(String type, Map<String, Object> metadata) {
        return "notification".equals(type) && metadata != null && metadata.get(LEASE) != null;
    }

    /** Bookkeeping that is applied and then dropped from the inbox: presence and leases. */
    public static boolean isNotKept(String type, Map<String, Object> metadata) {
        return isPresence(type, metadata) || isLease(type, metadata);
    }

    /** The same for a stored message's metadata. */
    public static boolean isGuardNotice(String type, JsonNode metadata) {
        return "notification".equals(type) && metadata != null && metadata.hasNonNull(GUARD_HELD);
    }

    public static boolean isGuardNotice(String type, Map<String, Object> metadata) {
        return "notification".equals(type) && metadata != null && metadata.get(GUARD_HELD) != null;
    }
}

package dev.swarm.node.hook;

/**
 * What a hook prints for its client ({@code output}, empty for nothing) and, when that output carries
 * messages, the id to acknowledge once it was printed ({@code ackId}, null otherwise).
 */
public record HookReply(String output, String ackId) {
    public static final HookReply NOTHING = new HookReply("", null);
}

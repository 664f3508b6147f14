package dev.swarm.node.wake;

/**
 * What the agent can actually run to read and answer its messages, for the wake line and the hooks'
 * text: the MCP tools when {@code swarm mcp} is registered with it, else the full command (the
 * agent's shell may have neither {@code swarm} on its PATH nor {@code SWARM_HOME}).
 */
public record ReadHint(boolean mcp, String command, String home) {
    /** The {@code swarm} command with its home, as a shell would take it. */
    public String fullCommand() {
        return "SWARM_HOME=" + quote(home) + " " + quote(command);
    }

    /** "read them with ...": how to read the inbox. */
    public String read() {
        return mcp ? "read them with the swarm_inbox tool" : "read them with: " + fullCommand() + " messages";
    }

    /** "see the board with ...": how to look at the issue board. */
    public String board() {
        return mcp ? "see the board with the swarm_issue_board tool"
                : "see the board with: " + fullCommand() + " issue board";
    }

    /** "see who is doing what with ...": the swarm's presence. */
    public String who() {
        return mcp ? "see who is doing what with the swarm_who tool" : "see who is doing what with: " + fullCommand()
                + " who";
    }

    /** How to answer one message. */
    public String reply(String to, String messageId) {
        return mcp ? "answer with the swarm_send tool (to: \"" + to + "\", reply_to: \"" + messageId + "\")"
                : "answer with: " + fullCommand() + " send --to " + to + " --reply-to " + messageId + " --message '...'";
    }

    private static String quote(String word) {
        return word.matches("[A-Za-z0-9_./:=+-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}

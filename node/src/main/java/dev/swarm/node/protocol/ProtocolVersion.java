package dev.swarm.node.protocol;

/** Protocol constants: the version we speak, the headers we send, our capabilities. */
public final class ProtocolVersion {
    public static final String CURRENT = "0.1.0";
    public static final String HEADER_AGENT_ID = "X-Agent-ID";
    public static final String HEADER_PROTOCOL = "X-Swarm-Protocol";

    private ProtocolVersion() {
    }
}

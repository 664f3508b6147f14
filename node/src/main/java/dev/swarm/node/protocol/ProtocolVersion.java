package dev.swarm.node.protocol;

/** Protocol constants: the version we speak, the headers we send, our capabilities. */
public final class ProtocolVersion {
    public static final String CURRENT = "0.1.0";
    public static final String HEADER_AGENT_ID = "X-Agent-ID";
    public static final String HEADER_PROTOCOL = "X-Swarm-Protocol";
    /** The full-envelope signature extension (PROTOCOL.md 8.2), advertised in {@code /info}. */
    public static final String ENVELOPE_SIGNATURE_V1 = "envelope-signature-v1";
    /** Ordering acknowledgements of issue claims (docs/protocol.md): the master sends them, members read them. */
    public static final String COORDINATION_ACK_V1 = "coordination-ack-v1";

    /** The two-phase master transfer: the old master's signed commit makes it take effect. */
    public static final String MASTER_COMMIT_V1 = "master-commit-v1";
    /** Key rotation: a member-signed statement replaces a member's key everywhere. */
    public static final String KEY_ROTATION_V1 = "key-rotation-v1";

    private ProtocolVersion() {
    }
}

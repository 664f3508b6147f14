package dev.swarm.node.protocol;

import java.util.UUID;
import java.util.regex.Pattern;

/** Shapes of the protocol's names: agent ids, UUIDs (lowercase, hyphenated) and repositories. */
public final class Identifiers {
    public static final int MAX_AGENT_ID_LENGTH = 256;
    public static final String BROADCAST = "broadcast";

    private static final Pattern AGENT_ID = Pattern.compile("^[a-zA-Z0-9_.-]+$");
    private static final Pattern UUID_SHAPE =
            Pattern.compile("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
    private static final Pattern REPO = Pattern.compile("^[a-zA-Z0-9_.-]+/[a-zA-Z0-9_.-]+$");

    private Identifiers() {
    }

    /**
     * A valid agent id: 1 to 256 of {@code [a-zA-Z0-9_.-]}, and not a name the protocol reserves
     * ({@code broadcast}, the recipient meaning everyone): an agent called that could never be told
     * apart from a broadcast.
     */
    public static boolean isAgentId(String value) {
        return value != null && value.length() <= MAX_AGENT_ID_LENGTH && AGENT_ID.matcher(value).matches()
                && !isReserved(value);
    }

    /** A name the protocol reserves, which no agent may take. */
    public static boolean isReserved(String value) {
        return BROADCAST.equals(value);
    }

    public static boolean isUuid(String value) {
        return value != null && UUID_SHAPE.matcher(value).matches();
    }

    public static boolean isRepo(String value) {
        return value != null && REPO.matcher(value).matches();
    }

    public static String newUuid() {
        return UUID.randomUUID().toString();
    }
}

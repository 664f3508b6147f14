package dev.swarm.node.error;

/**
 * Every failure the node or the CLI can report. Wire codes are the ones PROTOCOL.md section 6 lists
 * and keep their HTTP status; local codes never leave this host. Each code also knows the exit
 * status of the {@code swarm} command, documented in docs/cli.md.
 */
public enum ErrorCode {
    INVALID_FORMAT(400, ExitCodes.INVALID_INPUT, true),
    INVALID_TOKEN(400, ExitCodes.AUTH, true),
    INVALID_SIGNATURE(401, ExitCodes.AUTH, true),
    TOKEN_EXPIRED(401, ExitCodes.AUTH, true),
    TOKEN_EXHAUSTED(401, ExitCodes.AUTH, true),
    NOT_AUTHORIZED(403, ExitCodes.AUTH, true),
    NOT_MEMBER(403, ExitCodes.AUTH, true),
    NOT_MASTER(403, ExitCodes.AUTH, true),
    SWARM_NOT_FOUND(404, ExitCodes.NOT_FOUND, true),
    MEMBER_NOT_FOUND(404, ExitCodes.NOT_FOUND, true),
    PAYLOAD_TOO_LARGE(413, ExitCodes.INVALID_INPUT, true),
    RATE_LIMITED(429, ExitCodes.RATE_LIMITED, true),
    INTERNAL_ERROR(500, ExitCodes.GENERAL, true),

    /** A command-line argument or local input is wrong. */
    INVALID_ARGUMENT(400, ExitCodes.INVALID_INPUT, false),
    /** A message, invite or join request named on the command line (or a route) does not exist here. */
    NOT_FOUND(404, ExitCodes.NOT_FOUND, true),
    /** The local API was called without its bearer token, or with a wrong one. */
    UNAUTHENTICATED(401, ExitCodes.AUTH, false),
    /** A route exists but not with this HTTP method. */
    METHOD_NOT_ALLOWED(405, ExitCodes.INVALID_INPUT, true),
    /** The node sheds load: too many unauthenticated requests at once overall; retry after {@code retry_after} s. */
    OVERLOADED(503, ExitCodes.RATE_LIMITED, true),
    /** A request body did not arrive in full within the node's body read deadline. */
    BODY_TIMEOUT(408, ExitCodes.NETWORK, true),
    /** {@code swarm init} has not been run for this SWARM_HOME. */
    NOT_INITIALIZED(409, ExitCodes.STATE, false),
    /** {@code swarm init} would overwrite an existing identity without {@code --force}. */
    ALREADY_INITIALIZED(409, ExitCodes.STATE, false),
    /** Something this host owns (a serve lock, a port) is already in use. */
    CONFLICT(409, ExitCodes.STATE, false),
    /** The command needs a running {@code swarm serve} for this identity (to receive a reply) and none runs. */
    NOT_SERVING(409, ExitCodes.STATE, false),
    /** config.yaml, a key file or a certificate could not be used. */
    CONFIG_INVALID(400, ExitCodes.INVALID_INPUT, false),
    /** The agent could not be woken (tmux missing, no server, no such pane, the wake command failed). */
    WAKE_FAILED(502, ExitCodes.GENERAL, false),
    /** A peer could not be reached or did not answer in time. */
    PEER_UNREACHABLE(502, ExitCodes.NETWORK, false),
    /** A peer answered with something that is not the protocol. */
    PEER_PROTOCOL_ERROR(502, ExitCodes.NETWORK, false);

    private final int httpStatus;
    private final int exitCode;
    private final boolean wire;

    ErrorCode(int httpStatus, int exitCode, boolean wire) {
        this.httpStatus = httpStatus;
        this.exitCode = exitCode;
        this.wire = wire;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public int exitCode() {
        return exitCode;
    }

    /** True when the code may appear in an error body on the wire. */
    public boolean isWireCode() {
        return wire;
    }

    /** The wire code for a peer's error body, or {@code PEER_PROTOCOL_ERROR} for one we do not know. */
    public static ErrorCode fromWire(String code) {
        if (code != null) {
            for (ErrorCode candidate : values()) {
                if (candidate.wire && candidate.name().equals(code)) {
                    return candidate;
                }
            }
        }
        return PEER_PROTOCOL_ERROR;
    }

    /** Any code by its name (as recorded in the outbox), or {@code PEER_PROTOCOL_ERROR} for one we do not know. */
    public static ErrorCode byName(String name) {
        for (ErrorCode candidate : values()) {
            if (candidate.name().equals(name)) {
                return candidate;
            }
        }
        return PEER_PROTOCOL_ERROR;
    }

    /** Exit statuses of the {@code swarm} command; the first five match the Python implementation. */
    public static final class ExitCodes {
        public static final int OK = 0;
        public static final int GENERAL = 1;
        public static final int INVALID_INPUT = 2;
        public static final int NETWORK = 3;
        public static final int AUTH = 4;
        public static final int NOT_FOUND = 5;
        public static final int RATE_LIMITED = 6;
        public static final int STATE = 7;
        public static final int INTERRUPTED = 130;

        private ExitCodes() {
        }
    }
}

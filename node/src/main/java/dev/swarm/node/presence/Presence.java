package dev.swarm.node.presence;

import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.github.IssueKey;
import dev.swarm.node.messaging.Bookkeeping;
import dev.swarm.node.protocol.Envelope;
import dev.swarm.node.protocol.Identifiers;
import dev.swarm.node.protocol.Timestamps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A presence announcement as it travels: a signed {@code notification} whose metadata (flat, as the
 * protocol requires) says what the sender's agent is doing and what it holds. Every value is a
 * word, a timestamp, or a list of validated names (space-separated): nothing in it is free text, so
 * nothing a peer puts here can read as an instruction. Keys:
 * <ul>
 *   <li>{@code presence}: idle, working or away (its presence marks the notification);</li>
 *   <li>{@code presence_agent}: whom it is about, which must be the sender;</li>
 *   <li>{@code presence_since}: when that state began; {@code presence_active_at}: the agent's last
 *   hook signal (absent when none came);</li>
 *   <li>{@code presence_client}: claude, codex or gemini, when known;</li>
 *   <li>{@code presence_roles}: role names; {@code presence_claims}: issues held, owner/repo#N;</li>
 *   <li>{@code presence_leases}: reserved for file leases; read as absent by this version.</li>
 * </ul>
 */
public record Presence(String agentId, State state, String since, String activeAt, String client, List<String> roles,
                       List<String> claims) {
    /** Announced by nodes that send and read presence; only they are sent presence. */
    public static final String CAPABILITY = "presence-v1";
    public static final String STATE = Bookkeeping.PRESENCE;
    public static final String AGENT = "presence_agent";
    public static final String SINCE = "presence_since";
    public static final String ACTIVE_AT = "presence_active_at";
    public static final String CLIENT = "presence_client";
    public static final String ROLES = "presence_roles";
    public static final String CLAIMS = "presence_claims";
    public static final String LEASES = "presence_leases";
    public static final int MAX_ROLES = 32;
    public static final int MAX_CLAIMS = 256;
    private static final Pattern CLIENT_NAME = Pattern.compile("^[a-z0-9_-]{1,32}$");

    /** What the agent is doing, as the swarm hears it. */
    public enum State {
        IDLE, WORKING, AWAY;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<State> fromWire(Object value) {
            for (State state : values()) {
                if (state.wire().equals(value)) {
                    return Optional.of(state);
                }
            }
            return Optional.empty();
        }
    }

    public Presence {
        roles = List.copyOf(roles);
        claims = List.copyOf(claims);
    }

    /** The notification's text, for whoever reads the raw message. */
    public String content() {
        return "presence: " + agentId + " is " + state.wire();
    }

    public Map<String, Object> metadata() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put(STATE, state.wire());
        metadata.put(AGENT, agentId);
        metadata.put(SINCE, since);
        if (activeAt != null) {
            metadata.put(ACTIVE_AT, activeAt);
        }
        if (client != null) {
            metadata.put(CLIENT, client);
        }
        metadata.put(ROLES, String.join(" ", roles));
        metadata.put(CLAIMS, String.join(" ", claims));
        return metadata;
    }

    /** True for a notification that announces presence. */
    public static boolean is(Envelope envelope) {
        return Bookkeeping.isPresence(envelope.type().wire(), envelope.metadata());
    }

    /**
     * Reads the announcement of a received presence notification; refuses a malformed one
     * ({@code INVALID_FORMAT}, naming the field) and one about another agent than its sender
     * ({@code NOT_AUTHORIZED}): a node speaks only for its own agent.
     */
    public static Presence parse(Envelope envelope) {
        Map<String, Object> metadata = envelope.metadata();
        State state = State.fromWire(metadata.get(STATE)).orElseThrow(() ->
                invalid(STATE, "idle, working or away"));
        Object agent = metadata.get(AGENT);
        if (!(agent instanceof String about) || !Identifiers.isAgentId(about)) {
            throw invalid(AGENT, "the agent id of the sender");
        }
        if (!about.equals(envelope.sender().agentId())) {
            throw new SwarmException(ErrorCode.NOT_AUTHORIZED, envelope.sender().agentId()
                    + " sent a presence about " + about + "; a node announces only its own agent's presence",
                    Map.of("field", "metadata." + AGENT));
        }
        String since = timestamp(metadata, SINCE, true);
        String activeAt = timestamp(metadata, ACTIVE_AT, false);
        Object client = metadata.get(CLIENT);
        if (client != null && !(client instanceof String name && CLIENT_NAME.matcher(name).matches())) {
            throw invalid(CLIENT, "a client name such as claude, codex or gemini");
        }
        List<String> roles = words(metadata, ROLES, MAX_ROLES, "role names like agent ids");
        for (String role : roles) {
            if (!Identifiers.isAgentId(role)) {
                throw invalid(ROLES, "role names like agent ids, space-separated");
            }
        }
        List<String> claims = new ArrayList<>();
        for (String claim : words(metadata, CLAIMS, MAX_CLAIMS, "issues as owner/repo#N")) {
            try {
                claims.add(IssueKey.parse(claim, "claim").toString());
            } catch (SwarmException e) {
                throw invalid(CLAIMS, "issues as owner/repo#N, space-separated");
            }
        }
        return new Presence(about, state, since, activeAt, (String) client, roles, claims);
    }

    private static String timestamp(Map<String, Object> metadata, String key, boolean required) {
        Object value = metadata.get(key);
        if (value == null && !required) {
            return null;
        }
        if (!(value instanceof String text) || !Timestamps.isValid(text)) {
            throw invalid(key, "a timestamp such as 2026-01-31T12:00:00.000Z");
        }
        return text;
    }

    private static List<String> words(Map<String, Object> metadata, String key, int max, String what) {
        Object value = metadata.get(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof String text)) {
            throw invalid(key, what + ", space-separated, in one string");
        }
        List<String> words = new ArrayList<>(new LinkedHashSet<>(Arrays.stream(text.split(" "))
                .filter(word -> !word.isEmpty()).toList()));
        if (words.size() > max) {
            throw invalid(key, "at most " + max + " " + what);
        }
        return words;
    }

    private static SwarmException invalid(String key, String what) {
        return SwarmException.invalidFormat("metadata." + key, "field 'metadata." + key + "' of a presence must be "
                + what);
    }
}

package dev.swarm.node.config;

import java.util.Locale;
import java.util.Optional;

/**
 * Every setting a user can make, with its one name in each place it can be made. The rule: the
 * config file key is {@code snake_case}, the flag is {@code --kebab-case} of it and the environment
 * variable is {@code SWARM_} plus the key in upper case. Two exceptions: the swarm choice, whose
 * names come from the Python implementation ({@code --swarm}, {@code SWARM_ID}, {@code default_swarm}),
 * and the GitHub token, read from the customary {@code GITHUB_TOKEN}.
 */
public enum Setting {
    AGENT_ID("agent_id", null, "this agent's id"),
    ENDPOINT("endpoint", null, "the URL peers use to reach this node, ending in /swarm"),
    SWARM("default_swarm", "--swarm", "SWARM_ID", null, "the swarm commands act on when there are several"),
    LISTEN("listen", null, "address swarm serve listens on (default 0.0.0.0:9443 with TLS, 127.0.0.1:9443 without)"),
    TLS_CERT("tls_cert", null, "PEM certificate chain for HTTPS; without it swarm serve speaks cleartext HTTP/2"),
    TLS_KEY("tls_key", null, "PEM private key (PKCS#8) for tls_cert"),
    CA_FILE("ca_file", null, "extra PEM CA certificates trusted for peers, on top of the system CAs"),
    ALLOW_INSECURE_LOOPBACK("allow_insecure_loopback", "false", "accept and call http:// endpoints on loopback"),
    PEER_NETWORKS("peer_networks", "auto", "networks peers may be in: auto (public, plus the class of this node's own"
            + " endpoint) or a list of public, private, loopback; link-local, metadata and multicast addresses never"),
    MAX_BODY_BYTES("max_body_bytes", "1048576", "largest request body swarm serve accepts"),
    MAX_CONTENT_CHARS("max_content_chars", "65536", "largest message content, in characters"),
    CLOCK_SKEW("clock_skew", "300", "seconds a message timestamp may differ from this node's clock"),
    INGRESS_MAX_REQUESTS("ingress_max_requests", "256", "unauthenticated requests read, parsed or verified at once;"
            + " more are answered 503"),
    INGRESS_MAX_REQUESTS_PER_ADDRESS("ingress_max_requests_per_address", "64", "the same for one source address;"
            + " more are answered 429"),
    INGRESS_MAX_REQUESTS_PER_CONNECTION("ingress_max_requests_per_connection", "32", "the same for one connection"
            + " (not applied through a proxy on this host); more are answered 429"),
    INGRESS_MAX_BYTES("ingress_max_bytes", "67108864", "body bytes those requests may hold at once; more is 503"),
    INGRESS_MAX_BYTES_PER_ADDRESS("ingress_max_bytes_per_address", "16777216", "the same for one source address;"
            + " more is 429"),
    BODY_TIMEOUT("body_timeout", "10", "seconds a request body may take to arrive (then 408 BODY_TIMEOUT)"),
    INGRESS_REFUSALS_PER_SECOND("ingress_refusals_per_second", "20", "refused requests an address may cause per"
            + " second (bursts of ten times that) before it is answered 429 unread"),
    CONNECT_TIMEOUT("connect_timeout", "5", "seconds to wait for a connection to a peer"),
    REQUEST_TIMEOUT("request_timeout", "15", "seconds to wait for a peer's answer"),
    RETRY_BASE("retry_base", "1", "seconds: the first retry of a delivery waits up to this long (doubling after)"),
    RETRY_CAP("retry_cap", "300", "seconds: the longest wait between delivery retries"),
    RETRY_MAX_ATTEMPTS("retry_max_attempts", "50", "attempts after which a delivery is dead"),
    RETRY_MAX_AGE("retry_max_age", "72", "hours after which an undelivered message is dead"),
    API_LISTEN("api_listen", null, "loopback address of the local API (default 127.0.0.1 on a free port, named in serve.lock)"),
    WAKE_METHOD("wake_method", null, "tmux, command or none (default: tmux when a tmux target is set, else none)"),
    WAKE_TMUX_TARGET("wake_tmux_target", null, "the tmux pane to wake, as session:window.pane"),
    WAKE_TMUX_PROGRAM("wake_tmux_program", "tmux", "the tmux program to run"),
    WAKE_COMMAND("wake_command", null, "program run to wake the agent (no shell; SWARM_WAKE_* variables describe the batch)"),
    WAKE_WINDOW("wake_window", "5", "seconds to gather messages into one wake"),
    WAKE_INTERVAL("wake_interval", "60", "at least this many seconds between wakes (urgent ones excepted)"),
    WAKE_SETTLE("wake_settle", "3", "seconds the pane must be still before typing"),
    WAKE_MAX_DELAY("wake_max_delay", "120", "seconds a wake waits for the agent to be idle at an empty prompt; then it"
            + " is recorded as not delivered and never typed (the hooks still bring the messages at the next turn)"),
    WAKE_AGENT("wake_agent", "auto", "what runs in the wake pane: claude, codex, gemini, shell, or auto (recognised"
            + " from the screen); each has its own rules for when typing is safe"),
    WAKE_BUDGET_HOUR("wake_budget_hour", "20", "wakes per hour at most"),
    WAKE_BUDGET_SENDER("wake_budget_sender", "10", "wakes per hour at most for one sender's messages"),
    WAKE_QUIET_HOURS("wake_quiet_hours", null, "HH:MM-HH:MM local time during which only urgent messages wake"),
    WAKE_DIRECT("wake_direct", "normal", "level of a direct message: silent, normal or urgent"),
    WAKE_BROADCAST("wake_broadcast", "normal", "level of a broadcast"),
    WAKE_MENTION("wake_mention", "urgent", "level of a message that mentions @this_agent"),
    WAKE_SYSTEM("wake_system", "silent", "level of a system message (membership changes)"),
    WAKE_KEYWORDS("wake_keywords", null, "comma-separated words or phrases that make a message urgent"),
    WAKE_WATCH("wake_watch", null, "comma-separated agent ids whose messages are urgent"),
    WAKE_TEMPLATE("wake_template", "swarm: {count} new message{plural} from {senders} in {swarm}{urgent}{issues}; {read}",
            "wording of the wake line; placeholders {count} {plural} {senders} {swarm} {priority} {urgent} {issues}"
                    + " {read} {content}; it always starts with 'swarm:' (a line must not begin with a key that answers"
                    + " a prompt)"),
    WAKE_INCLUDE_CONTENT("wake_include_content", "false", "put (sanitised) message content into {content}; off by default"),
    HOOK_MAX_CHARS("hook_max_chars", "8000", "most characters of peer messages one hook answer gives the agent; the"
            + " rest are counted, with how to read them, and follow at the next hook"),
    HOOK_CONTINUE("hook_continue", "true", "when a turn is about to end with unread messages, a Stop hook keeps it going"
            + " with them (Claude Code, Codex) instead of leaving them to a typed wake"),
    WAKE_NORMAL_DELAY("wake_normal_delay", "300", "seconds a normal-priority message waits for the agent's hooks to"
            + " bring it at the next turn before a wake types it (only while the hooks report; urgent messages wake at"
            + " once, low ones never)"),
    PRESENCE_HEARTBEAT("presence_heartbeat", "300", "seconds between presence announcements when nothing changed"),
    PRESENCE_DEBOUNCE("presence_debounce", "10", "seconds a change of the agent's state, roles or claims must last"
            + " before it is announced; shorter flaps are not sent"),
    PRESENCE_AWAY_AFTER("presence_away_after", "1800", "seconds without a signal from the agent's hooks after which it"
            + " counts as away"),
    STUCK_AFTER("stuck_after", "3600", "seconds an agent holding a claim may stay silent before swarm who flags it"
            + " stuck (the master's agent is told once)"),
    GUARD_MAX_HOPS("guard_max_hops", "8", "replies deeper in a chain than this wake nobody (stored; the sender is"
            + " told once)"),
    GUARD_THREAD_BURST("guard_thread_burst", "12", "replies in one thread within guard_window beyond which they wake"
            + " nobody"),
    GUARD_SENDER_BURST("guard_sender_burst", "30", "replies from one sender within guard_window beyond which they"
            + " wake nobody"),
    GUARD_WINDOW("guard_window", "600", "seconds over which the loop guard counts bursts of replies"),
    GITHUB_TOKEN("github_token", "--github-token", "GITHUB_TOKEN", null, "GitHub token, for issue comments and the issue watcher"),
    GITHUB_API("github_api", "https://api.github.com", "GitHub REST API base URL (another for GitHub Enterprise)"),
    GITHUB_REPOS("github_repos", null, "comma-separated owner/repo the issue watcher polls (none: the watcher is off)"),
    GITHUB_NOTIFY("github_notify", "broadcast", "agent id the watcher notifies, or broadcast"),
    GITHUB_SWARM("github_swarm", null, "swarm the watcher's notifications go to (default: the only swarm)"),
    GITHUB_POLL("github_poll", "60", "seconds between the watcher's polls"),
    GITHUB_SELF_LOGIN("github_self_login", null, "GitHub login whose own activity the watcher does not echo back"),
    MCP_MAX_WAIT("mcp_max_wait", "3600", "seconds swarm mcp's swarm_request may wait for a reply at most");

    private final String key;
    private final String flag;
    private final String env;
    private final String defaultValue;
    private final String description;

    Setting(String key, String defaultValue, String description) {
        this(key, "--" + key.replace('_', '-'), "SWARM_" + key.toUpperCase(Locale.ROOT), defaultValue, description);
    }

    Setting(String key, String flag, String env, String defaultValue, String description) {
        this.key = key;
        this.flag = flag;
        this.env = env;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** The key in config.yaml. */
    public String key() {
        return key;
    }

    public String flag() {
        return flag;
    }

    public String env() {
        return env;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** True for a secret (a token): never printed, logged or written into a JSON document. */
    public boolean isSecret() {
        return this == GITHUB_TOKEN;
    }

    public static Optional<Setting> byFlag(String flag) {
        for (Setting setting : values()) {
            if (setting.flag.equals(flag)) {
                return Optional.of(setting);
            }
        }
        return Optional.empty();
    }
}

package dev.swarm.node.config;

import java.util.Locale;
import java.util.Optional;

/**
 * Every setting a user can make, with its one name in each place it can be made. The rule: the
 * config file key is {@code snake_case}, the flag is {@code --kebab-case} of it and the environment
 * variable is {@code SWARM_} plus the key in upper case. The one exception is the swarm choice,
 * whose names come from the Python implementation: {@code --swarm}, {@code SWARM_ID},
 * {@code default_swarm}.
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
    MAX_BODY_BYTES("max_body_bytes", "1048576", "largest request body swarm serve accepts"),
    MAX_CONTENT_CHARS("max_content_chars", "65536", "largest message content, in characters"),
    CLOCK_SKEW("clock_skew", "300", "seconds a message timestamp may differ from this node's clock"),
    CONNECT_TIMEOUT("connect_timeout", "5", "seconds to wait for a connection to a peer"),
    REQUEST_TIMEOUT("request_timeout", "15", "seconds to wait for a peer's answer"),
    RETRY_BASE("retry_base", "1", "seconds: the first retry of a delivery waits up to this long (doubling after)"),
    RETRY_CAP("retry_cap", "300", "seconds: the longest wait between delivery retries"),
    RETRY_MAX_ATTEMPTS("retry_max_attempts", "50", "attempts after which a delivery is dead"),
    RETRY_MAX_AGE("retry_max_age", "72", "hours after which an undelivered message is dead");

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

    public static Optional<Setting> byFlag(String flag) {
        for (Setting setting : values()) {
            if (setting.flag.equals(flag)) {
                return Optional.of(setting);
            }
        }
        return Optional.empty();
    }
}

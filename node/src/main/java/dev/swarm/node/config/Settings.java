package dev.swarm.node.config;

import java.util.EnumMap;
import java.util.Map;

/**
 * Resolves settings with one precedence, everywhere: flag, then environment, then config file,
 * then the built-in default. The CLI feeds flags in through picocli's default-value provider (so a
 * flag given on the command line never reaches here); {@code swarm config} shows the result.
 */
public final class Settings {
    private final Map<String, String> env;
    private final ConfigFile file;
    private final Map<Setting, String> flags;

    public Settings(Map<String, String> env, ConfigFile file) {
        this(env, file, new EnumMap<>(Setting.class));
    }

    private Settings(Map<String, String> env, ConfigFile file, Map<Setting, String> flags) {
        this.env = Map.copyOf(env);
        this.file = file;
        this.flags = flags;
    }

    /** Where a value came from. */
    public enum Source { FLAG, ENV, FILE, DEFAULT, UNSET }

    /** A value and its source; value is null when the source is UNSET. */
    public record Resolved(Setting setting, String value, Source source) {
    }

    public Settings withFlag(Setting setting, String value) {
        Map<Setting, String> copy = new EnumMap<>(Setting.class);
        copy.putAll(flags);
        if (value != null) {
            copy.put(setting, value);
        }
        return new Settings(env, file, copy);
    }

    public Resolved resolve(Setting setting) {
        String fromFlag = flags.get(setting);
        if (fromFlag != null) {
            return new Resolved(setting, fromFlag, Source.FLAG);
        }
        String fromEnv = env.get(setting.env());
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return new Resolved(setting, fromEnv, Source.ENV);
        }
        String fromFile = file.get(setting.key());
        if (fromFile != null && !fromFile.isEmpty()) {
            return new Resolved(setting, fromFile, Source.FILE);
        }
        if (setting.defaultValue() != null) {
            return new Resolved(setting, setting.defaultValue(), Source.DEFAULT);
        }
        return new Resolved(setting, null, Source.UNSET);
    }

    public String value(Setting setting) {
        return resolve(setting).value();
    }

    public ConfigFile file() {
        return file;
    }

    public Map<String, String> env() {
        return env;
    }
}

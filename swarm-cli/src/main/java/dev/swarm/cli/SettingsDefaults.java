package dev.swarm.cli;

import dev.swarm.node.config.Setting;
import dev.swarm.node.config.Settings;
import java.lang.reflect.Field;
import picocli.CommandLine;

/**
 * Fills options the user did not type from the environment, then config.yaml, then the built-in
 * default (see {@link Settings}); a flag typed on the command line never reaches here, which is what
 * makes it win. Options that are not settings keep their annotated defaults.
 */
final class SettingsDefaults implements CommandLine.IDefaultValueProvider {
    private final Settings settings;

    SettingsDefaults(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String defaultValue(CommandLine.Model.ArgSpec argSpec) {
        if (!(argSpec instanceof CommandLine.Model.OptionSpec option)) {
            return null;
        }
        return Setting.byFlag(option.longestName())
                .filter(setting -> setting != Setting.SWARM || declaredIn(option, SwarmOption.class))
                .map(settings::value)
                .orElse(option.defaultValue());
    }

    /**
     * The swarm setting fills only {@link SwarmOption}, the option commands act on; a filter that
     * happens to be called --swarm (as in {@code swarm list}) must not default to the chosen swarm.
     */
    private static boolean declaredIn(CommandLine.Model.OptionSpec option, Class<?> owner) {
        return option.userObject() instanceof Field field && field.getDeclaringClass() == owner;
    }
}

package dev.swarm.cli;

import dev.swarm.node.config.Setting;
import dev.swarm.node.config.Settings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "config", description = "Show every setting's effective value (secrets redacted) and where it came from.")
final class ConfigCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    ConfigCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        List<Settings.Resolved> resolved = java.util.Arrays.stream(Setting.values())
                .map(context.settings()::resolve).toList();
        List<Map<String, Object>> rows = resolved.stream().map(r -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("key", r.setting().key());
            if (redacted(r)) {
                row.put("redacted", true);
            } else {
                row.put("value", r.value());
            }
            row.put("source", r.source().name().toLowerCase(Locale.ROOT));
            row.put("flag", r.setting().flag());
            row.put("env", r.setting().env());
            row.put("description", r.setting().description());
            return row;
        }).toList();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("home", context.home().dir().toString());
        result.put("config_path", context.home().configFile().toString());
        result.put("settings", rows);
        Output.print(context, output.json, result, out -> {
            out.println("home: " + context.home().dir() + "   config: " + context.home().configFile());
            for (Settings.Resolved r : resolved) {
                out.printf("%-24s %-40s (%s)%n", r.setting().key(),
                        redacted(r) ? "(redacted)" : r.value() == null ? "-" : r.value(),
                        r.source().name().toLowerCase(Locale.ROOT));
            }
        });
        return 0;
    }

    /** A secret that is set is shown only as where it came from, never its value (not even in --json). */
    private static boolean redacted(Settings.Resolved r) {
        return r.setting().isSecret() && r.value() != null;
    }
}

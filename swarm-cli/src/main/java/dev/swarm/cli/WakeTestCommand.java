package dev.swarm.cli;

import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.wake.WakeConfig;
import dev.swarm.node.wake.WakeLevel;
import dev.swarm.node.wake.WakeService;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "test", description = "Type a test line into the wake target now, and say exactly why if that fails.")
final class WakeTestCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @Mixin
    WakeOptions wake;

    WakeTestCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        WakeConfig config = wake.config();
        if (config.method() == WakeConfig.Method.NONE) {
            throw new SwarmException(ErrorCode.WAKE_FAILED, "nothing to test: wake_method is none (set"
                    + " --wake-tmux-target SESSION:WINDOW.PANE, or wake_tmux_target in config.yaml)");
        }
        String line = "swarm: wake test at " + Timestamps.format(Instant.now()) + " (nothing to do)";
        Optional<String> failure = WakeService.waker(config).wake(line, List.of(), WakeLevel.NORMAL);
        if (failure.isPresent()) {
            throw new SwarmException(ErrorCode.WAKE_FAILED, "wake test failed: " + failure.get(),
                    Map.of("method", config.method().name().toLowerCase(java.util.Locale.ROOT), "target",
                            config.targetDescription()));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status", "typed");
        result.put("method", config.method().name().toLowerCase(java.util.Locale.ROOT));
        result.put("target", config.targetDescription());
        result.put("line", line);
        Output.print(context, output.json, result, out -> out.println("Typed a test line into "
                + config.targetDescription()));
        return 0;
    }
}

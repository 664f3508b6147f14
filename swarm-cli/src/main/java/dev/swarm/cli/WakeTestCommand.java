package dev.swarm.cli;

import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.wake.WakeConfig;
import dev.swarm.node.wake.AgentActivity;
import dev.swarm.node.wake.WakeOutcome;
import dev.swarm.node.wake.WakeRequest;
import dev.swarm.node.wake.WakeService;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "test", description = "Type a test line into the wake target at the next safe moment (as a wake would),"
        + " and say exactly why if that fails.")
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
        WakeOutcome outcome = WakeService.waker(config, new AgentActivity(Clock.systemUTC()), Clock.systemUTC())
                .wake(WakeRequest.notice(line));
        if (!outcome.delivered()) {
            throw new SwarmException(ErrorCode.WAKE_FAILED, "wake test " + outcome.result().wire().replace('_', ' ')
                    + ": " + outcome.detail(), Map.of("method", config.method().name().toLowerCase(java.util.Locale.ROOT),
                    "target", config.targetDescription(), "outcome", outcome.result().wire()));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status", "typed");
        result.put("method", config.method().name().toLowerCase(java.util.Locale.ROOT));
        result.put("target", config.targetDescription());
        result.put("line", line);
        result.put("detail", outcome.detail());
        Output.print(context, output.json, result, out -> out.println("Typed a test line into "
                + config.targetDescription() + ": " + outcome.detail()));
        return 0;
    }
}

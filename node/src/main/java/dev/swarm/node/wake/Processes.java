package dev.swarm.node.wake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs an external program with an argument list (never a shell) and a timeout. */
final class Processes {
    private Processes() {
    }

    /** How a run ended: exit status and output, or why it did not run. */
    record Result(int exit, String stdout, String stderr, String failure) {
        boolean ok() {
            return failure == null && exit == 0;
        }
    }

    static Result run(List<String> command, Map<String, String> extraEnv, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(extraEnv);
        builder.redirectInput(ProcessBuilder.Redirect.PIPE);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new Result(-1, "", "", "cannot run " + command.get(0) + ": " + e.getMessage());
        }
        try {
            process.getOutputStream().close();
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.destroyForcibly();
                return new Result(-1, "", "", command.get(0) + " did not finish within " + timeout.toSeconds() + " s");
            }
            String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(process.exitValue(), stdout, stderr.strip(), null);
        } catch (IOException e) {
            return new Result(-1, "", "", "cannot read the output of " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Result(-1, "", "", "interrupted while running " + command.get(0));
        }
    }
}

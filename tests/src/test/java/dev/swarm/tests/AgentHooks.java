package dev.swarm.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.protocol.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A coding agent's hooks, as the agent runs them: the repository's {@code deploy/swarm-hook} (bash
 * and curl over the daemon's Unix socket, what {@code swarm agent setup} installs) called for one
 * node's home with the JSON each client gives its hooks (on stdin; Codex's {@code notify}: as the last
 * argument). The JSON is shaped like the real clients' (docs/agents.md): the fields the node reads and
 * the usual others.
 */
final class AgentHooks {
    private static final long TIMEOUT_SECONDS = 30;

    private final Path home;

    AgentHooks(Path home) {
        this.home = home;
    }

    /** What one hook run printed (the context the client would add, or nothing). */
    record Output(int exit, String stdout) {
    }

    /** Claude Code's hook for {@code event} (UserPromptSubmit with a prompt, Stop, SessionStart, PostToolUse). */
    Output claude(String event, String prompt) {
        ObjectNode input = common(event);
        switch (event) {
            case "UserPromptSubmit" -> input.put("prompt", prompt);
            case "Stop" -> input.put("stop_hook_active", false);
            case "SessionStart" -> input.put("source", "startup");
            case "PostToolUse" -> {
                input.put("tool_name", "Bash");
                input.putObject("tool_input").put("command", "ls");
                input.putObject("tool_response").put("stdout", "README.md").put("stderr", "");
            }
            default -> { }
        }
        return run(List.of("claude", event), input);
    }

    /** Gemini CLI's hook for {@code event} (BeforeAgent with a prompt, AfterAgent, SessionStart, AfterTool). */
    Output gemini(String event, String prompt) {
        ObjectNode input = common(event).put("timestamp", "2026-03-02T10:00:00.000Z");
        if ("BeforeAgent".equals(event) || "AfterAgent".equals(event)) {
            input.put("prompt", prompt);
        }
        if ("AfterAgent".equals(event)) {
            input.put("prompt_response", "done").put("stop_hook_active", false);
        }
        return run(List.of("gemini", event), input);
    }

    /** Codex's hook for {@code event} from hooks.json (UserPromptSubmit, PostToolUse, Stop, SessionStart). */
    Output codex(String event, String prompt) {
        ObjectNode input = common(event);
        if ("UserPromptSubmit".equals(event)) {
            input.put("prompt", prompt);
        }
        return run(List.of("codex", event), input);
    }

    /** Codex's {@code notify} at the end of a turn: its JSON is the program's last argument. */
    Output codexNotify(String prompt) {
        ObjectNode input = Json.mapper().createObjectNode().put("type", "agent-turn-complete")
                .put("thread-id", "0199a7c1-7a00-7000-8000-000000000001").put("turn-id", "1")
                .put("cwd", home.toString()).put("last-assistant-message", "done");
        input.putArray("input-messages").add(prompt);
        return run(List.of("codex", "notify", "--home", home.toString(), Json.toText(input)), null);
    }

    private ObjectNode common(String event) {
        return Json.mapper().createObjectNode().put("session_id", "0199a7c1-7a00-7000-8000-000000000002")
                .put("transcript_path", home.resolve("transcript.jsonl").toString()).put("cwd", home.toString())
                .put("hook_event_name", event);
    }

    private Output run(List<String> args, ObjectNode stdin) {
        Path script = Path.of("").toAbsolutePath().getParent().resolve("deploy").resolve("swarm-hook");
        assertThat(script).as("the hook script of this checkout").isExecutable();
        List<String> command = new ArrayList<>();
        command.add(script.toString());
        command.addAll(args);
        if (stdin != null) {
            command.add("--home");
            command.add(home.toString());
        }
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (stdin != null) {
                process.getOutputStream().write(Json.toBytes(stdin));
            }
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("swarm-hook %s ends", args).isTrue();
            return new Output(process.exitValue(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

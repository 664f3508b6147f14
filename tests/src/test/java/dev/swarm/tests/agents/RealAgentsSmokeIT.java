package dev.swarm.tests.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Claude Code, Codex and Gemini CLI, each in a tmux pane against the {@link StandInModel}:
 * a prompt typed at the idle prompt reaches the model and the agent comes back to its empty prompt,
 * and hooks put their text into the model's requests. Limits are generous (two shared cores); every
 * wait is on the screen or on the stand-in's requests.
 */
class RealAgentsSmokeIT {
    private static final Duration TURN = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private StandInModel model;
    private RealAgent agent;

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
        if (model != null) {
            model.close();
        }
    }

    @ParameterizedTest
    @EnumSource(AgentKind.class)
    void aPromptTypedAtTheIdlePromptReachesTheModelAndTheAgentReturnsToItsPrompt(AgentKind kind) {
        model = StandInModel.start();
        agent = RealAgent.builder(kind, dir, model).start();
        model.reply("REPLY-FROM-STAND-IN-7");

        agent.submit("please greet the lab 4711");

        ModelRequest turn = model.awaitTurnContaining("please greet the lab 4711", TURN);
        assertThat(turn.lastUserText()).contains("please greet the lab 4711");
        agent.awaitScreen("the reply is shown", s -> s.contains("REPLY-FROM-STAND-IN-7"), TURN);
        agent.awaitState(AgentScreen.State.IDLE_EMPTY, TURN);
        assertThat(model.failures()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(AgentKind.class)
    void hooksPutTheirTextIntoTheModelsRequests(AgentKind kind) throws IOException {
        Path hooks = Files.createDirectories(dir.resolve("hook-runs"));
        model = StandInModel.start();
        RealAgent.Builder builder = RealAgent.builder(kind, dir, model)
                .hook(Hook.marker(kind, HookEvent.SESSION_START, "HOOK-MARK-SESSION", hooks))
                .hook(Hook.marker(kind, HookEvent.PROMPT_SUBMIT, "HOOK-MARK-PROMPT", hooks))
                .hook(Hook.marker(kind, HookEvent.AFTER_TOOL, "HOOK-MARK-TOOL", hooks))
                .hook(Hook.marker(kind, HookEvent.TURN_END, "HOOK-MARK-END", hooks));
        Path notifyLog = hooks.resolve("notify.log");
        if (kind == AgentKind.CODEX) {
            builder.notify(List.of(Hook.argvRecorder(hooks.resolve("notify.sh"), notifyLog).toString()));
        }
        agent = builder.start();
        model.runShell("touch made-by-the-tool.txt").reply("REPLY-AFTER-TOOL");

        agent.submit("run the lab tool 4712");
        agent.awaitState(AgentScreen.State.DIALOG, TURN);
        agent.answerDialog(approvingKey(kind)); // the user approves the tool call

        ModelRequest afterTool = model.awaitTurn("the request with the tool's result",
                r -> !r.toolResults().isEmpty(), TURN);
        agent.awaitScreen("the reply is shown", s -> s.contains("REPLY-AFTER-TOOL"), TURN);
        agent.awaitState(AgentScreen.State.IDLE_EMPTY, TURN);
        assertThat(agent.dirs().work().resolve("made-by-the-tool.txt")).exists();

        ModelRequest first = model.awaitTurnContaining("run the lab tool 4712", TURN);
        assertThat(first.text()).contains("HOOK-MARK-SESSION", "HOOK-MARK-PROMPT").doesNotContain("HOOK-MARK-TOOL");
        assertThat(afterTool.text()).contains("HOOK-MARK-TOOL");
        await("the turn-end hook ran").atMost(TURN)
                .until(() -> !Hook.runs(kind, HookEvent.TURN_END, hooks).isEmpty());
        assertThat(Hook.runs(kind, HookEvent.PROMPT_SUBMIT, hooks).get(0)).contains("run the lab tool 4712");
        if (kind == AgentKind.CODEX) {
            await("codex ran notify").atMost(TURN).until(() -> Files.exists(notifyLog));
            assertThat(Files.readString(notifyLog)).contains("\"type\":\"agent-turn-complete\"");
        }
        assertThat(model.failures()).isEmpty();
    }

    /** The key a user presses to allow the tool call once. */
    private static String approvingKey(AgentKind kind) {
        return kind == AgentKind.CODEX ? "y" : "1";
    }
}

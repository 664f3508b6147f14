package dev.swarm.node.wake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The three agents' profiles against screens captured from the real programs (Claude Code 2.1.332,
 * Codex 0.171.0, Gemini CLI 0.61.0 in tmux, {@code src/test/resources/wake/screens}): only an
 * empty input box at rest reads as idle; a dialog, a menu, a running turn and typed text never do.
 */
class AgentProfilesTest {
    private static final List<String> AGENTS = List.of("claude", "codex", "gemini");

    static Stream<Arguments> screens() {
        return Stream.of(
                "idle-empty", "idle-after-turn", "idle-typed", "busy", "busy-typed", "busy-queued",
                "permission-dialog", "slash-menu", "at-picker", "bang-shell-mode", "question-shortcuts")
                .flatMap(state -> AGENTS.stream().map(agent -> Arguments.of(agent, state)))
                .filter(args -> AgentProfilesTest.class.getResource("/wake/screens/" + args.get()[0] + "-" + args.get()[1] + ".txt") != null);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("screens")
    void eachRealScreenReadsAsWhatItIs(String agent, String state) {
        PaneScreen screen = screen(agent + "-" + state);
        PaneReading reading = AgentProfiles.forSetting(agent).get(0).read(screen);

        PaneReading.State expected = switch (state) {
            case "idle-empty", "idle-after-turn" -> PaneReading.State.IDLE;
            case "idle-typed" -> PaneReading.State.USER_TEXT;
            case "busy", "busy-typed", "busy-queued" -> PaneReading.State.BUSY;
            default -> PaneReading.State.DIALOG;
        };
        assertThat(reading.state()).as(reading.detail()).isIn(expected,
                expected == PaneReading.State.DIALOG ? PaneReading.State.UNKNOWN : expected);
        assertThat(reading.isIdle()).isEqualTo(expected == PaneReading.State.IDLE);
        if (expected == PaneReading.State.IDLE) {
            assertThat(reading.input()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("agents")
    void typedTextIsReadBackAsTheUsersText(String agent) {
        PaneReading reading = AgentProfiles.forSetting(agent).get(0).read(screen(agent + "-idle-typed"));

        assertThat(reading.state()).isEqualTo(PaneReading.State.USER_TEXT);
        assertThat(reading.input()).isEqualTo("please fix the parser");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("agents")
    void autoRecognisesEachAgentFromItsScreen(String agent) {
        TmuxWaker waker = new TmuxWaker(null, AgentProfiles.forSetting("auto"), new AgentActivity(java.time.Clock.systemUTC()), null, null,
                java.time.Clock.systemUTC());

        assertThat(waker.profile(screen(agent + "-idle-empty")).name()).isEqualTo(agent);
        assertThat(waker.profile(screen(agent + "-idle-typed")).name()).isEqualTo(agent);
    }

    @Test
    void aNumberedMenuOfAnyProgramIsADialog() {
        PaneScreen menu = PaneScreen.of("""
                ────────────
                ❯ \u00a0
                ────────────
                  ? for shortcuts
                 Pick one
                 ❯ 1. Yes
                   2. No""");

        assertThat(new ClaudeProfile().read(menu).state()).isEqualTo(PaneReading.State.DIALOG);
    }

    @Test
    void aLineThatWrapsOverSeveralRowsIsReadWhole() {
        PaneScreen wrapped = PaneScreen.of("""
                ────────────
                ❯ swarm: 1 new message from "bob" in
                  swarm "x"; read them with swarm_messages
                ────────────
                  ⏸ manual mode on""");

        String input = new ClaudeProfile().read(wrapped).input();
        assertThat(TmuxWaker.same("swarm: 1 new message from \"bob\" in swarm \"x\"; read them with swarm_messages",
                input)).isTrue();
    }

    static Stream<String> agents() {
        return AGENTS.stream();
    }

    private static PaneScreen screen(String name) {
        try (InputStream in = resource(name)) {
            assertThat(in).as(name).isNotNull();
            return PaneScreen.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InputStream resource(String name) {
        return AgentProfilesTest.class.getResourceAsStream("/wake/screens/" + name + ".txt");
    }
}

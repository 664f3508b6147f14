package dev.swarm.tests.agents;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One real coding agent (Claude Code, Codex or Gemini CLI, from {@code tests/agents}) in a tmux pane
 * of a private tmux server, with a private HOME and config home under the test's directory, a fresh
 * git repository as its working tree, a dummy API key and its model API pointed at a
 * {@link StandInModel}. Every first-run question is answered by configuration, never by typing;
 * {@link #start} returns once the agent shows its empty input prompt.
 *
 * <pre>{@code
 * try (StandInModel model = StandInModel.start();
 *      RealAgent agent = RealAgent.builder(AgentKind.CODEX, dir, model).start()) {
 *     agent.submit("hello");
 *     model.awaitTurnContaining("hello", Duration.ofSeconds(60));
 *     agent.awaitState(AgentScreen.State.IDLE_EMPTY);
 * }
 * }</pre>
 */
final class RealAgent implements AutoCloseable {
    /** Generous: a JS bundle or a 400 MB binary starting on a busy two-core machine. */
    static final Duration START = Duration.ofSeconds(90);
    static final Duration SCREEN = Duration.ofSeconds(60);

    private final AgentKind kind;
    private final AgentKind.AgentDirs dirs;
    private final Tmux tmux;

    private RealAgent(AgentKind kind, AgentKind.AgentDirs dirs, Tmux tmux) {
        this.kind = kind;
        this.dirs = dirs;
        this.tmux = tmux;
    }

    static Builder builder(AgentKind kind, Path dir, StandInModel model) {
        return new Builder(kind, dir, model);
    }

    /** How a test wants its agent: hooks, Codex's notify program, the terminal size. */
    static final class Builder {
        private final AgentKind kind;
        private final Path dir;
        private final StandInModel model;
        private final List<Hook> hooks = new ArrayList<>();
        private final List<String> notify = new ArrayList<>();
        private int columns = 200;
        private int rows = 50;

        private Builder(AgentKind kind, Path dir, StandInModel model) {
            this.kind = kind;
            this.dir = dir;
            this.model = model;
        }

        Builder hook(Hook hook) {
            hooks.add(hook);
            return this;
        }

        /** Codex only: {@code notify = [argv...]} in config.toml. */
        Builder notify(List<String> argv) {
            notify.addAll(argv);
            return this;
        }

        Builder size(int columns, int rows) {
            this.columns = columns;
            this.rows = rows;
            return this;
        }

        /** Installs the CLIs once, writes the configuration, starts the agent and waits for its prompt. */
        RealAgent start() {
            Path bin = AgentInstall.binDir();
            AgentKind.AgentDirs dirs = directories(dir, kind);
            Map<String, String> env = new LinkedHashMap<>(kind.setup().configure(dirs, model.baseUrl(), hooks,
                    notify));
            env.put("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
            env.put("SHELL", "/bin/bash");
            env.put("USER", System.getProperty("user.name"));
            Tmux tmux = new Tmux(dirs.root().resolve("tmux"));
            List<String> command = new ArrayList<>(List.of(bin.resolve(kind.binary()).toString()));
            command.addAll(kind.setup().arguments());
            tmux.start(columns, rows, env, dirs.work(), command);
            RealAgent agent = new RealAgent(kind, dirs, tmux);
            try {
                agent.awaitState(AgentScreen.State.IDLE_EMPTY, START);
            } catch (RuntimeException | AssertionError e) {
                String screen = tmux.alive() ? agent.screen() : "(exited) " + agent.screen();
                agent.close();
                throw new AssertionError(kind + " did not reach its empty prompt; screen:\n" + screen, e);
            }
            return agent;
        }
    }

    private static AgentKind.AgentDirs directories(Path dir, AgentKind kind) {
        try {
            Path root = Files.createDirectories(dir.resolve(kind.binary())).toRealPath();
            Path home = Files.createDirectories(root.resolve("home"));
            Path config = switch (kind) {
                case CLAUDE -> root.resolve("claude-config");
                case CODEX -> root.resolve("codex-home");
                case GEMINI -> home;
            };
            Files.createDirectories(config);
            Path work = Files.createDirectories(root.resolve("work"));
            Files.writeString(work.resolve("README.md"), "A scratch repository for a real-agent test.\n");
            git(work, "init", "-q", "-b", "main");
            git(work, "add", "README.md");
            git(work, "-c", "user.name=swarm test", "-c", "user.email=test@swarm.invalid", "commit", "-q", "-m",
                    "scratch");
            return new AgentKind.AgentDirs(root, home, config, work);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void git(Path work, String... args) {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        try {
            Process git = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true).start();
            String output = new String(git.getInputStream().readAllBytes());
            if (!git.waitFor(30, TimeUnit.SECONDS) || git.exitValue() != 0) {
                throw new IllegalStateException("git " + String.join(" ", args) + ": " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    AgentKind kind() {
        return kind;
    }

    AgentKind.AgentDirs dirs() {
        return dirs;
    }

    /** The screen as {@code capture-pane -p} shows it. */
    String screen() {
        return tmux.screen();
    }

    /** The screen with SGR attributes ({@code capture-pane -p -e}). */
    String screenWithAttributes() {
        return tmux.screenWithAttributes();
    }

    Tmux.Cursor cursor() {
        return tmux.cursor();
    }

    /** The tmux program that reaches this agent's pane ({@link Tmux#program}), at {@link Tmux#TARGET}. */
    Path tmuxProgram() {
        return tmux.program();
    }

    /** What the node ran through {@link #tmuxProgram()}, in order: its looks at the pane and its keys. */
    List<String> nodeTmuxCalls() {
        return tmux.programCalls();
    }

    AgentScreen.State state() {
        return AgentScreen.state(kind, screen());
    }

    /** Types {@code text} keystroke by keystroke ({@code send-keys -l}), without Enter. */
    void type(String text) {
        tmux.typeLiterally(text);
    }

    /**
     * The user answers the permission dialog with {@code key}. Claude Code ignores a key pressed in
     * the first moments after its dialog appears (a guard against approving by accident while
     * typing), so the key is pressed again for as long as the dialog is still shown; once it is
     * gone, nothing more is pressed.
     */
    void answerDialog(String key) {
        try {
            await("the user's answer closes the dialog").atMost(SCREEN).pollInterval(Duration.ofMillis(700))
                    .until(() -> {
                        if (state() != AgentScreen.State.DIALOG) {
                            return true;
                        }
                        type(key);
                        return false;
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the dialog did not take " + key + "; the screen:\n" + screen(), e);
        }
    }

    /** Presses keys by tmux name. */
    void press(String... keys) {
        tmux.press(keys);
    }

    /** Pastes {@code text} as a bracketed paste, without Enter. */
    void paste(String text) {
        tmux.pasteBracketed(text);
    }

    /**
     * Types {@code text}, waits until the input box shows it, then presses Enter: Codex and Gemini
     * take an Enter that follows typed text within a few milliseconds as part of a paste (a newline).
     * The wait is on the screen, not on a clock.
     */
    void submit(String text) {
        type(text);
        awaitScreen("the input box shows the typed text",
                s -> AgentScreen.input(kind, s).map(input -> input.endsWith(lastWords(text))).orElse(false), SCREEN);
        press("Enter");
    }

    private static String lastWords(String text) {
        String stripped = text.strip();
        return stripped.length() <= 20 ? stripped : stripped.substring(stripped.length() - 20).strip();
    }

    void awaitState(AgentScreen.State state) {
        awaitState(state, SCREEN);
    }

    void awaitState(AgentScreen.State state, Duration limit) {
        awaitScreen(kind + " shows " + state, s -> AgentScreen.state(kind, s) == state, limit);
    }

    /** Waits until the screen matches; the failure names the last screen seen. */
    void awaitScreen(String description, Predicate<String> condition, Duration limit) {
        try {
            await(description).atMost(limit).pollInterval(Duration.ofMillis(100)).until(() -> condition.test(screen()));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(description + " within " + limit + "; the screen:\n" + screen(), e);
        }
    }

    @Override
    public void close() {
        tmux.close();
    }

    @Override
    public String toString() {
        return kind + " in tmux " + tmux.socket() + " at " + dirs.root();
    }
}

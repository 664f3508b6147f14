package dev.swarm.node.wake;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Types the wake line into the agent's pane, only when that cannot hurt. It reads the screen through
 * the pane's profile (recognised from the screen, or named by {@code wake_agent}) and types only when
 * the program sits idle at an empty input prompt, the screen has been still for the settle time, the
 * pane is not in a tmux mode, and the agent's hooks (when installed) do not say a turn is running or
 * the agent is asking its user something. A dialog, a menu, a turn, or text the user is typing means
 * wait; after {@code maxDelay} the wake is recorded as not delivered and nothing is typed.
 *
 * <p>Typing is checked at every step: the text must show in the input exactly as typed (else the user
 * typed too, and exactly what was typed is erased again), Enter comes after the profile's delay, and
 * the submission must show on the screen or in the agent's prompt hook; otherwise what is left of the
 * line is erased and the wake is unconfirmed. Only a confirmed wake is delivered.
 */
public final class TmuxWaker implements Waker {
    static final Duration POLL = Duration.ofMillis(150);
    static final Duration SHOWN = Duration.ofSeconds(2);
    static final Duration CONFIRM = Duration.ofSeconds(6);
    /** A turn a hook reported with no hook heard since for this long is not believed any more. */
    static final Duration STALE = Duration.ofMinutes(15);
    static final int ATTEMPTS = 3;

    private final Pane pane;
    private final List<AgentProfile> profiles;
    private final AgentActivity activity;
    private final Duration settle;
    private final Duration maxDelay;
    private final Clock clock;

    /** {@code profiles}: the one the configuration names, or every known one to recognise from the screen. */
    public TmuxWaker(Pane pane, List<AgentProfile> profiles, AgentActivity activity, Duration settle, Duration maxDelay,
                     Clock clock) {
        this.pane = pane;
        this.profiles = List.copyOf(profiles);
        this.activity = activity;
        this.settle = settle;
        this.maxDelay = maxDelay;
        this.clock = clock;
    }

    @Override
    public WakeOutcome wake(WakeRequest request) {
        long start = System.nanoTime();
        long stillSince = start;
        PaneScreen last = null;
        String waitingFor = "the screen to be still";
        int attempts = 0;
        while (true) {
            if (request.alreadySeen().getAsBoolean()) {
                return new WakeOutcome(WakeOutcome.Result.HOOKED, "a hook put the messages into the agent's context"
                        + waited(start));
            }
            Pane.Result<PaneScreen> read = pane.screen();
            if (!read.ok()) {
                return WakeOutcome.failed(read.failure());
            }
            PaneScreen screen = read.value();
            long now = System.nanoTime();
            if (!screen.equals(last)) {
                last = screen;
                stillSince = now;
            }
            AgentProfile profile = profile(screen);
            Optional<String> unsafe = unsafe(screen, profile);
            if (unsafe.isPresent()) {
                waitingFor = unsafe.get();
            } else if (now - stillSince >= settle.toNanos()) {
                Attempt attempt = attempt(request.line(), profile);
                if (attempt.outcome() != null) {
                    WakeOutcome outcome = attempt.outcome();
                    return new WakeOutcome(outcome.result(), outcome.detail() + waited(start));
                }
                waitingFor = attempt.retry();
                stillSince = System.nanoTime();
                if (++attempts >= ATTEMPTS) {
                    return new WakeOutcome(WakeOutcome.Result.NOT_DELIVERED, "gave up after " + attempts
                            + " tries: " + waitingFor);
                }
            }
            if (now - start >= maxDelay.toNanos()) {
                return new WakeOutcome(WakeOutcome.Result.NOT_DELIVERED, "not typed: waited " + maxDelay.toSeconds()
                        + " s for a safe moment; last seen: " + waitingFor);
            }
            if (!pause(POLL)) {
                return new WakeOutcome(WakeOutcome.Result.NOT_DELIVERED, "interrupted while waiting");
            }
        }
    }

    /** The profile that reads this screen: the configured one, or the first that recognises it. */
    AgentProfile profile(PaneScreen screen) {
        if (profiles.size() == 1) {
            return profiles.get(0);
        }
        return profiles.stream().filter(p -> p.recognises(screen)).findFirst().orElse(UNKNOWN);
    }

    /** Why typing now could hurt, or empty when it cannot. */
    private Optional<String> unsafe(PaneScreen screen, AgentProfile profile) {
        if (screen.inMode()) {
            return Optional.of("the pane is in a tmux mode (copy mode?)");
        }
        AgentActivity.Snapshot hooks = activity.current();
        boolean fresh = hooks.at() != null && Duration.between(hooks.at(), clock.instant()).compareTo(STALE) < 0;
        if (fresh && hooks.state() == AgentActivity.State.WORKING) {
            return Optional.of("the agent's hooks say a turn is running");
        }
        if (fresh && hooks.state() == AgentActivity.State.NEEDS_USER) {
            return Optional.of("the agent's hooks say it is asking its user something");
        }
        PaneReading reading = profile.read(screen);
        return reading.isIdle() ? Optional.empty() : Optional.of(profile.name() + ": " + reading.detail());
    }

    /** One try at typing: an outcome, or why to wait and try again. */
    private record Attempt(WakeOutcome outcome, String retry) {
    }

    private Attempt attempt(String line, AgentProfile profile) {
        Optional<String> failed = pane.type(line);
        if (failed.isPresent()) {
            return new Attempt(WakeOutcome.failed(failed.get()), null);
        }
        Optional<Attempt> wrong = awaitInput(line, profile);
        if (wrong.isPresent()) {
            return wrong.get();
        }
        if (!pause(profile.enterDelay())) {
            return erase(line, profile, "interrupted");
        }
        Pane.Result<PaneScreen> before = pane.screen();
        if (!before.ok() || !same(line, input(profile, before.value()))) {
            return erase(line, profile, "the input changed before Enter (the user typed too?)");
        }
        AtomicBoolean hookSaw = new AtomicBoolean();
        Consumer<AgentActivity.Prompt> listener = prompt -> {
            if (prompt.text() != null && prompt.text().contains(line)) {
                hookSaw.set(true);
            }
        };
        activity.onPrompt(listener);
        try {
            failed = pane.press("Enter", 1);
            if (failed.isPresent()) {
                return new Attempt(WakeOutcome.failed(failed.get()), null);
            }
            long start = System.nanoTime();
            while (System.nanoTime() - start < CONFIRM.toNanos()) {
                if (hookSaw.get()) {
                    return new Attempt(WakeOutcome.typed("confirmed by the agent's prompt hook"), null);
                }
                Pane.Result<PaneScreen> after = pane.screen();
                if (after.ok() && profile.submitted(after.value(), line)) {
                    return new Attempt(WakeOutcome.typed("submission seen on the screen"), null);
                }
                if (!pause(POLL)) {
                    break;
                }
            }
            if (hookSaw.get()) {
                return new Attempt(WakeOutcome.typed("confirmed by the agent's prompt hook"), null);
            }
        } finally {
            activity.removePromptListener(listener);
        }
        Attempt erased = erase(line, profile, "Enter did not submit the line");
        return new Attempt(new WakeOutcome(WakeOutcome.Result.UNCONFIRMED, erased.retry()), null);
    }

    /** Waits until the input holds exactly the line; otherwise erases what was typed and says why. */
    private Optional<Attempt> awaitInput(String line, AgentProfile profile) {
        long start = System.nanoTime();
        String seen = null;
        while (System.nanoTime() - start < SHOWN.toNanos()) {
            Pane.Result<PaneScreen> screen = pane.screen();
            if (screen.ok()) {
                seen = input(profile, screen.value());
                if (same(line, seen)) {
                    return Optional.empty();
                }
                if (seen != null && !squash(line).startsWith(squash(seen))) {
                    break;
                }
            }
            if (!pause(Duration.ofMillis(40))) {
                break;
            }
        }
        return Optional.of(erase(line, profile, seen == null ? "the typed line did not show in the input"
                : "the input held more than the wake line (the user typed too?)"));
    }

    /**
     * Takes back exactly what the wake typed: as many backspaces as the line has characters (one more
     * when Enter left a newline after it), and only when the input ends with it; text of anyone else
     * is never touched.
     */
    private Attempt erase(String line, AgentProfile profile, String why) {
        Pane.Result<PaneScreen> screen = pane.screen();
        String input = screen.ok() ? rawInput(profile, screen.value()) : null;
        int count = line.codePointCount(0, line.length());
        if (input != null && squash(input).endsWith(squash(line))) {
            int extra = input.endsWith("\n") ? 1 : 0;
            pane.press("BSpace", count + extra);
            return new Attempt(null, why + "; the line was erased");
        }
        if (input != null && !input.isBlank() && squash(line).startsWith(squash(input))) {
            String typed = line.substring(0, Math.min(line.length(), input.strip().length()));
            pane.press("BSpace", typed.codePointCount(0, typed.length()));
            return new Attempt(null, why + "; the line was erased");
        }
        return new Attempt(null, why);
    }

    /**
     * The line as the input box shows it: a long line wraps over several rows, and where a row breaks
     * the profile cannot tell a space from none, so spacing is left out of the comparison.
     */
    static boolean same(String line, String input) {
        return input != null && squash(line).equals(squash(input));
    }

    private static String squash(String text) {
        return text.replaceAll("\\s+", "");
    }

    private static String input(AgentProfile profile, PaneScreen screen) {
        String raw = rawInput(profile, screen);
        return raw == null ? null : raw.strip();
    }

    private static String rawInput(AgentProfile profile, PaneScreen screen) {
        PaneReading reading = profile.read(screen);
        return reading.state() == PaneReading.State.IDLE || reading.state() == PaneReading.State.USER_TEXT
                ? reading.input() : null;
    }

    private String waited(long start) {
        long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        return seconds >= 1 ? " (waited " + seconds + " s)" : "";
    }

    private static boolean pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** No profile recognises the screen: never safe to type. */
    static final AgentProfile UNKNOWN = new AgentProfile() {
        @Override
        public String name() {
            return "unrecognised program";
        }

        @Override
        public boolean recognises(PaneScreen screen) {
            return true;
        }

        @Override
        public PaneReading read(PaneScreen screen) {
            return PaneReading.of(PaneReading.State.UNKNOWN, "nothing known runs in the pane"
                    + (screen.command().isEmpty() ? "" : " (" + screen.command() + ")") + "; set wake_agent");
        }

        @Override
        public Duration enterDelay() {
            return Duration.ofMillis(100);
        }
    };
}

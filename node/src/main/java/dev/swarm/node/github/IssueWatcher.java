package dev.swarm.node.github;

import dev.swarm.node.membership.SwarmResolver;
import dev.swarm.node.messaging.MessageService;
import dev.swarm.node.messaging.SendRequest;
import dev.swarm.node.protocol.Identifiers;
import dev.swarm.node.protocol.MessageType;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issue watcher of {@code swarm serve}: every poll interval it reads each repository's new
 * issues, comments and issue events from the GitHub REST API and sends each new one as one
 * {@code notification} (through the outbox) to the configured agent or the whole swarm.
 *
 * <p>Its memory is in SQLite: per repository and feed the point reached and the ETag of the last
 * answer ({@code github_cursors}), and every event sent ({@code github_seen}, marked in the
 * transaction that queues its message), so a restart neither repeats nor skips. A feed seen for the
 * first time starts from now: history is not replayed. Failures are logged and retried next poll.
 */
public final class IssueWatcher implements AutoCloseable {
    static final Duration SEEN_KEPT = Duration.ofDays(30);
    private static final Logger LOG = LoggerFactory.getLogger(IssueWatcher.class);

    private final GitHubConfig config;
    private final Database database;
    private final SwarmResolver resolver;
    private final MessageService messages;
    private final RateGate gate;
    private final FeedReader reader;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Thread thread;
    private volatile boolean running;
    private String lastError;
    private Instant lastPrune;

    /** Waits between polls; tests pass one driven by their own clock. */
    @FunctionalInterface
    public interface Sleeper {
        Sleeper REAL = duration -> Thread.sleep(Math.max(1, duration.toMillis()));

        void sleep(Duration duration) throws InterruptedException;
    }

    public IssueWatcher(GitHubConfig config, GitHubClient client, Database database, SwarmResolver resolver,
                        MessageService messages, Clock clock, Sleeper sleeper) {
        this.config = config;
        this.database = database;
        this.resolver = resolver;
        this.messages = messages;
        this.gate = new RateGate(client, clock);
        this.reader = new FeedReader(database, gate, clock, config.selfLogin(), this::send);
        this.clock = clock;
        this.sleeper = sleeper;
        this.thread = new Thread(this::run, "issue-watcher");
        thread.setDaemon(true);
    }

    public IssueWatcher start() {
        if (!config.hasToken()) {
            LOG.warn("issue watcher: no GitHub token (GITHUB_TOKEN or github_token): public repositories only, and"
                    + " GitHub allows 60 requests an hour without one");
        }
        running = true;
        thread.start();
        return this;
    }

    private void run() {
        while (running) {
            Instant next = poll();
            Duration wait = Duration.between(clock.instant(), next);
            try {
                if (!wait.isNegative() && !wait.isZero()) {
                    sleeper.sleep(wait);
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One poll of every feed of every repository; returns when the next may start. */
    Instant poll() {
        List<String> errors = new ArrayList<>();
        try {
            // no swarm to tell (yet): read nothing, so nothing is passed over
            resolver.resolveActive(config.swarm());
            forgetOldEvents();
            for (String repo : config.repos()) {
                for (GitHubFeed feed : GitHubFeed.values()) {
                    try {
                        reader.read(repo, feed);
                    } catch (RateGate.Closed e) {
                        throw e;
                    } catch (RuntimeException e) {
                        errors.add(repo + " " + feed.key() + ": " + e.getMessage());
                    }
                }
            }
        } catch (RuntimeException e) {
            errors.add(e.getMessage() + (e instanceof RateGate.Closed ? "; no requests until then" : ""));
        }
        String error = errors.isEmpty() ? null : String.join("; ", errors);
        if (error != null && !error.equals(lastError)) {
            LOG.warn("issue watcher: {} (retried next poll)", error);
        } else if (error == null && lastError != null) {
            LOG.info("issue watcher: polling works again");
        }
        lastError = error;
        Instant now = clock.instant();
        Instant next = now.plus(config.poll());
        Instant until = gate.notBefore();
        return until != null && until.isAfter(next) ? until : next;
    }

    /**
     * Events are looked up only within {@link FeedReader#OVERLAP} of a feed's cursor, which only moves
     * forward, so keys of long ago are dead weight; once a day those older than {@link #SEEN_KEPT} go.
     */
    private void forgetOldEvents() {
        Instant now = clock.instant();
        if (lastPrune == null || !now.isBefore(lastPrune.plus(Duration.ofDays(1)))) {
            lastPrune = now;
            database.write(store -> store.github().forgetSeenBefore(Timestamps.format(now.minus(SEEN_KEPT))));
        }
    }

    private void send(String repo, Activity activity) {
        String to = Identifiers.BROADCAST.equals(config.notifyTarget()) ? null : config.notifyTarget();
        String at = Timestamps.format(clock.instant());
        messages.queueOnce(new SendRequest(config.swarm(), to, activity.content(), MessageType.NOTIFICATION, null, null,
                null, List.of(activity.reference()), activity.metadata()),
                store -> store.github().markSeen(activity.key(), repo, at))
                .ifPresent(id -> LOG.info("issue watcher: {} (message {})", activity.content(), id));
    }

    /** Stops polling; a poll in progress ends at its next request or send. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

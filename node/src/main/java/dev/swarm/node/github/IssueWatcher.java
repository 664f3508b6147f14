package dev.swarm.node.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.membership.SwarmResolver;
import dev.swarm.node.messaging.MessageService;
import dev.swarm.node.messaging.SendRequest;
import dev.swarm.node.protocol.Identifiers;
import dev.swarm.node.protocol.MessageType;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.GitHubRepository.Cursor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
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
    /** Pages read per feed and poll at most; a longer backlog is caught up on the next polls. */
    static final int MAX_PAGES = 10;
    private static final Logger LOG = LoggerFactory.getLogger(IssueWatcher.class);

    private final GitHubConfig config;
    private final Database database;
    private final SwarmResolver resolver;
    private final MessageService messages;
    private final RateGate gate;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Thread thread;
    private volatile boolean running;
    private volatile Instant lastPoll;
    private volatile String lastError;

    /** Waits between polls; tests pass one driven by their own clock. */
    @FunctionalInterface
    public interface Sleeper {
        Sleeper REAL = duration -> Thread.sleep(Math.max(1, duration.toMillis()));

        void sleep(Duration duration) throws InterruptedException;
    }

    /** What {@code swarm status} may show: the repositories, the last poll, the last error, a rate-limit wait. */
    public record State(List<String> repos, String lastPoll, String lastError, String waitingUntil) {
    }

    public IssueWatcher(GitHubConfig config, GitHubClient client, Database database, SwarmResolver resolver,
                        MessageService messages, Clock clock, Sleeper sleeper) {
        this.config = config;
        this.database = database;
        this.resolver = resolver;
        this.messages = messages;
        this.gate = new RateGate(client, clock);
        this.clock = clock;
        this.sleeper = sleeper;
        this.thread = new Thread(this::run, "issue-watcher");
        thread.setDaemon(true);
    }

    public IssueWatcher start() {
        running = true;
        thread.start();
        return this;
    }

    public State state() {
        Instant until = gate.notBefore();
        return new State(config.repos(), lastPoll == null ? null : Timestamps.format(lastPoll), lastError,
                until == null ? null : Timestamps.format(until));
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
        String error = null;
        try {
            // no swarm to tell (yet): read nothing, so nothing is passed over
            resolver.resolveActive(config.swarm());
            for (String repo : config.repos()) {
                for (GitHubFeed feed : GitHubFeed.values()) {
                    try {
                        poll(repo, feed);
                    } catch (RateGate.Closed e) {
                        throw e;
                    } catch (RuntimeException e) {
                        error = repo + " " + feed.key() + ": " + e.getMessage();
                        LOG.warn("issue watcher: {} (retried next poll)", error);
                    }
                }
            }
        } catch (RateGate.Closed e) {
            error = e.getMessage();
            LOG.warn("issue watcher: {}; no requests until then", error);
        } catch (RuntimeException e) {
            error = e.getMessage();
            LOG.warn("issue watcher: {} (retried next poll)", error);
        }
        lastError = error;
        Instant now = clock.instant();
        lastPoll = now;
        Instant next = now.plus(config.poll());
        Instant until = gate.notBefore();
        return until != null && until.isAfter(next) ? until : next;
    }

    private void poll(String repo, GitHubFeed feed) {
        Cursor cursor = database.read(store -> store.github().cursor(repo, feed.key())).orElse(null);
        if (cursor == null) {
            // first sight of this feed: from now on, no replay of history (see docs/architecture.md)
            cursor = new Cursor(null, clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
            save(repo, feed, cursor);
        }
        Instant since = Instant.parse(cursor.since());
        // a second earlier, so activity within the second reached is asked for again (and found seen)
        GitHubClient.Answer first = gate.get(feed.firstPage(repo, since.minusSeconds(1).toString()), cursor.etag());
        if (first.status() == 304) {
            return;
        }
        List<JsonNode> items = new ArrayList<>();
        Instant newest = since;
        boolean handled = false;
        try {
            boolean complete = false;
            GitHubClient.Answer page = first;
            for (int pages = 1; ; pages++) {
                check(page, repo, feed);
                for (JsonNode item : page.json()) {
                    if (!feed.ascending() && feed.time(item).isBefore(since)) {
                        complete = true; // paged back to where the last poll ended
                        break;
                    }
                    items.add(item);
                }
                if (feed.ascending()) {
                    newest = report(repo, feed, items, since, newest);
                    items.clear();
                }
                if (complete || page.next() == null) {
                    break;
                }
                if (pages >= MAX_PAGES) {
                    LOG.warn("issue watcher: more than {} pages of {} of {}; the rest {}", MAX_PAGES, feed.key(), repo,
                            feed.ascending() ? "next poll" : "is skipped");
                    break;
                }
                page = gate.get(page.next(), null);
            }
            if (!feed.ascending()) {
                items.sort(Comparator.comparing(feed::time).thenComparing(item -> item.path("id").asLong()));
                newest = report(repo, feed, items, since, newest);
            }
            handled = true;
        } finally {
            // the ETag stands for the same request's answer, and only once all of that answer was handled
            boolean sameRequest = !feed.ascending() || newest.equals(since);
            save(repo, feed, new Cursor(handled && sameRequest ? first.etag() : null, newest.toString()));
        }
    }

    /** Sends each item's news in order; returns the newest time handled (the point reached). */
    private Instant report(String repo, GitHubFeed feed, List<JsonNode> items, Instant since, Instant newest) {
        Instant reached = newest;
        for (JsonNode item : items) {
            Activity activity;
            Instant time;
            try {
                time = feed.time(item);
                activity = feed.activity(repo, item, since, config.selfLogin());
            } catch (RuntimeException e) {
                LOG.warn("issue watcher: skipped an unreadable {} item of {}: {}", feed.key(), repo, e.toString());
                continue;
            }
            if (activity != null && !activity.at().isBefore(since) && !self(activity.actor())) {
                send(repo, activity);
            }
            if (time.isAfter(reached)) {
                reached = time;
            }
        }
        return reached;
    }

    private boolean self(String actor) {
        return config.selfLogin() != null && config.selfLogin().equalsIgnoreCase(actor);
    }

    private void send(String repo, Activity activity) {
        String to = Identifiers.BROADCAST.equals(config.notifyTarget()) ? null : config.notifyTarget();
        String at = Timestamps.format(clock.instant());
        messages.queueOnce(new SendRequest(config.swarm(), to, activity.content(), MessageType.NOTIFICATION, null, null,
                null, List.of(activity.reference()), activity.metadata()),
                store -> store.github().markSeen(activity.key(), repo, at))
                .ifPresent(id -> LOG.info("issue watcher: {} (message {})", activity.content(), id));
    }

    private static void check(GitHubClient.Answer answer, String repo, GitHubFeed feed) {
        if (answer.status() != 200) {
            String message = answer.body().isBlank() ? "" : answer.json().path("message").asText("");
            throw new SwarmException(ErrorCode.PEER_PROTOCOL_ERROR, "GitHub answered HTTP " + answer.status()
                    + " for the " + feed.key() + " of " + repo + (message.isEmpty() ? "" : ": " + message));
        }
        if (!answer.json().isArray()) {
            throw new SwarmException(ErrorCode.PEER_PROTOCOL_ERROR, "GitHub's " + feed.key() + " of " + repo
                    + " is not a list");
        }
    }

    private void save(String repo, GitHubFeed feed, Cursor cursor) {
        String at = Timestamps.format(clock.instant());
        database.write(store -> {
            store.github().saveCursor(repo, feed.key(), cursor, at);
            return null;
        });
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

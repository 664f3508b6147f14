package dev.swarm.node.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
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
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one feed of one repository from its cursor on: a conditional first page (a 304 ends it and
 * changes nothing), the following pages by their {@code Link} header, each new activity handed to the
 * sender oldest first (unless it is the coordinator's own), then the cursor moved to the newest time
 * handled. A failure part-way keeps the progress made; what comes again is found already seen.
 */
final class FeedReader {
    /** Pages read per feed and poll at most; a longer backlog is caught up on the next polls. */
    static final int MAX_PAGES = 10;
    /**
     * How far before the point reached each poll asks again. GitHub's timestamps have whole seconds, and
     * its lists may show an item a moment after a newer one; what comes again is found already sent.
     */
    static final Duration OVERLAP = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(FeedReader.class);

    private final Database database;
    private final RateGate gate;
    private final Clock clock;
    private final String selfLogin;
    private final BiConsumer<String, Activity> send;

    FeedReader(Database database, RateGate gate, Clock clock, String selfLogin, BiConsumer<String, Activity> send) {
        this.database = database;
        this.gate = gate;
        this.clock = clock;
        this.selfLogin = selfLogin;
        this.send = send;
    }

    /** Reads the feed from its cursor on, reports what is new, and moves the cursor. */
    void read(String repo, GitHubFeed feed) {
        Cursor cursor = database.read(store -> store.github().cursor(repo, feed.key())).orElse(null);
        if (cursor == null) {
            // first sight of this feed: from now on, no replay of history (see docs/architecture.md)
            cursor = new Cursor(null, clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
            save(repo, feed, cursor);
        }
        Instant since = Instant.parse(cursor.since());
        // asked again: what GitHub listed late, or within the second reached (what was sent is found seen)
        Instant from = since.minus(OVERLAP);
        GitHubClient.Answer first = gate.get(feed.firstPage(repo, from.toString()), cursor.etag());
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
                    if (!feed.ascending() && feed.time(item).isBefore(from)) {
                        complete = true; // paged back to where the last poll ended
                        break;
                    }
                    items.add(item);
                }
                if (feed.ascending()) {
                    newest = report(repo, feed, items, from, newest);
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
                newest = report(repo, feed, items, from, newest);
            }
            handled = true;
        } finally {
            // the ETag stands for the same request's answer, and only once all of that answer was handled
            boolean sameRequest = !feed.ascending() || newest.equals(since);
            save(repo, feed, new Cursor(handled && sameRequest ? first.etag() : null, newest.toString()));
        }
    }

    /** Sends each item's news since {@code from} in order; returns the newest time handled (the point reached). */
    private Instant report(String repo, GitHubFeed feed, List<JsonNode> items, Instant from, Instant newest) {
        Instant reached = newest;
        for (JsonNode item : items) {
            Activity activity;
            Instant time;
            try {
                time = feed.time(item);
                activity = feed.activity(repo, item, from, selfLogin);
            } catch (RuntimeException e) {
                LOG.warn("issue watcher: skipped an unreadable {} item of {}: {}", feed.key(), repo, e.toString());
                continue;
            }
            if (activity != null && !activity.at().isBefore(from) && !self(activity.actor())) {
                send.accept(repo, activity);
            }
            if (time.isAfter(reached)) {
                reached = time;
            }
        }
        return reached;
    }

    private boolean self(String actor) {
        return selfLogin != null && selfLogin.equalsIgnoreCase(actor);
    }

    private static void check(GitHubClient.Answer answer, String repo, GitHubFeed feed) {
        if (answer.status() != 200) {
            String message;
            try {
                message = answer.body().isBlank() ? "" : answer.json().path("message").asText("");
            } catch (RuntimeException e) {
                message = ""; // not GitHub's JSON (a proxy's error page): the status says enough
            }
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
}

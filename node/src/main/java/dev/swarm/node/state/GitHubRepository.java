package dev.swarm.node.state;

import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The issue watcher's memory: cursors (ETag, point reached) per repository and feed, and events already sent. */
public final class GitHubRepository {
    private final Handle handle;

    GitHubRepository(Handle handle) {
        this.handle = handle;
    }

    /** Where a feed stands: the ETag of its last answer and the newest time seen. */
    public record Cursor(String etag, String since) {
    }

    public Optional<Cursor> cursor(String repo, String feed) {
        return handle.createQuery("SELECT etag, since FROM github_cursors WHERE repo = :repo AND feed = :feed")
                .bind("repo", repo).bind("feed", feed)
                .map((rs, ctx) -> new Cursor(rs.getString("etag"), rs.getString("since"))).findOne();
    }

    public void saveCursor(String repo, String feed, Cursor cursor, String at) {
        handle.createUpdate("""
                INSERT INTO github_cursors (repo, feed, etag, since, updated_at) VALUES (:repo, :feed, :etag, :since, :at)
                ON CONFLICT (repo, feed) DO UPDATE SET etag = excluded.etag, since = excluded.since,
                    updated_at = excluded.updated_at""")
                .bind("repo", repo).bind("feed", feed).bind("etag", cursor.etag()).bind("since", cursor.since())
                .bind("at", at).execute();
    }

    /** Marks an event as sent; false when it had been sent already (so it must not be sent again). */
    public boolean markSeen(String eventKey, String repo, String at) {
        return handle.createUpdate("""
                INSERT INTO github_seen (event_key, repo, seen_at) VALUES (:key, :repo, :at)
                ON CONFLICT (event_key) DO NOTHING""")
                .bind("key", eventKey).bind("repo", repo).bind("at", at).execute() == 1;
    }

    /** Forgets events sent before {@code before}; returns how many. */
    public int forgetSeenBefore(String before) {
        return handle.createUpdate("DELETE FROM github_seen WHERE seen_at < :before").bind("before", before).execute();
    }

    /** Records that the agent was told its claim (this message) lost; false when it had been told already. */
    public boolean markNoticed(String messageId, String issue, String at) {
        return handle.createUpdate("""
                INSERT INTO issue_notices (message_id, issue, noticed_at) VALUES (:id, :issue, :at)
                ON CONFLICT (message_id) DO NOTHING""")
                .bind("id", messageId).bind("issue", issue).bind("at", at).execute() == 1;
    }
}

package dev.swarm.node.dashboard;

import java.time.Duration;

/**
 * One box of the dashboard: its HTML is rendered on the server (the page, and again whenever it may
 * have changed; the browser receives a panel only when its HTML differs from what it has). The list
 * of panels is {@link Panels}: a new view is one class and one line there.
 */
interface Panel {
    /** The element id suffix ({@code panel-<id>}); letters and dashes. */
    String id();

    String title();

    /** Renders at most this often (the issue board folds every message that names an issue). */
    default Duration every() {
        return Duration.ZERO;
    }

    /** The panel's content: markup from {@link Html}, every value escaped. */
    String render();

    /** How the wire's ISO 8601 times read on the page: date and time to the second, UTC. */
    static String time(String iso) {
        if (iso == null || iso.length() < 19) {
            return iso == null ? "never" : iso;
        }
        return iso.substring(0, 10) + " " + iso.substring(11, 19) + "Z";
    }
}

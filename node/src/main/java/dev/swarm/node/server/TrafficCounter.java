package dev.swarm.node.server;

import dev.swarm.node.error.ErrorCode;

/**
 * What the public server tells about each request to one of its routes: answered (2xx) or refused with
 * a code. Called on the request's completion, so an implementation must be a counter increment and
 * nothing more (it sits on the ingest path).
 */
public interface TrafficCounter {
    /** Counts nothing. */
    TrafficCounter NONE = new TrafficCounter() {
        @Override
        public void answered() {
        }

        @Override
        public void refused(ErrorCode code) {
        }
    };

    void answered();

    void refused(ErrorCode code);

    /** The counters of each public route that reads a stranger's body. */
    interface Routes {
        Routes NONE = route -> TrafficCounter.NONE;

        /** {@code route} is {@code message} or {@code join}. */
        TrafficCounter route(String route);
    }
}

package dev.swarm.node.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What an attack did and what the node answered it: named counts (connections, status_429, resets, ...). */
final class AttackCounters {
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    void add(String name) {
        add(name, 1);
    }

    void add(String name, long n) {
        counts.computeIfAbsent(name, k -> new LongAdder()).add(n);
    }

    /** An HTTP answer's status, counted as {@code status_NNN}. */
    void status(int status) {
        add("status_" + status);
    }

    Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((name, n) -> copy.put(name, n.sum()));
        return copy;
    }
}

package dev.swarm.node.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/** An attack running on its workers' threads, each starting a new round as soon as one ends, until stopped. */
final class AttackRun implements AutoCloseable {
    private final Attack attack;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();

    private AttackRun(Attack attack) {
        this.attack = attack;
    }

    static AttackRun start(AttackKind kind, AttackTarget target, AttackCounters counters) {
        AttackRun run = new AttackRun(kind.create(target, counters));
        for (int w = 0; w < run.attack.workers(); w++) {
            int worker = w;
            Thread thread = new Thread(() -> run.loop(worker, counters), "attack-" + kind.wireName() + "-" + w);
            thread.setDaemon(true);
            run.threads.add(thread);
            thread.start();
        }
        return run;
    }

    private void loop(int worker, AttackCounters counters) {
        while (!stopped.get()) {
            try {
                attack.run(worker, stopped::get);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (stopped.get()) {
                    return;
                }
                counters.add("attacker_errors");
                firstFailure.compareAndSet(null, e.toString());
                pause();
            }
        }
    }

    /** A failed round (the node refused the connection, say) is retried after a moment, not in a spin. */
    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The first error the attacker itself met, if any (not an answer of the node). */
    String firstFailure() {
        return firstFailure.get();
    }

    @Override
    public void close() {
        stopped.set(true);
        attack.close();
        for (Thread thread : threads) {
            try {
                thread.join(35_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (thread.isAlive()) {
                thread.interrupt();
            }
        }
    }
}

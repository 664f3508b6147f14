package dev.swarm.node.bench;

import dev.swarm.node.client.PeerResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;

/** Posting prepared messages to one endpoint: closed loop (as fast as answers come) or open loop (at a fixed rate). */
final class Load {
    private static final long TIMEOUT_MINUTES = 30;

    private Load() {
    }

    /** What a run of posts came to; {@code firstError} describes one failure, if any. */
    record Run(int ok, int errors, double seconds, String firstError, double[] latenciesMs) {
        double perSecond() {
            return seconds == 0 ? 0 : ok / seconds;
        }
    }

    /**
     * Each sender posts its own messages one after another, the next as soon as the previous is
     * answered; the senders run at the same time, each over its own connection.
     */
    static Run closed(Senders senders, String endpoint, List<List<byte[]>> perSender) {
        return closed(perSender.stream().map(List::size).toList(),
                (sender, index) -> senders.client(sender).post(endpoint, "/message", perSender.get(sender).get(index)));
    }

    /** {@code perSender} GETs of {@code /health} by each of the first {@code count} senders, closed loop as above. */
    static Run closedHealth(Senders senders, String endpoint, int count, int perSender) {
        return closed(java.util.Collections.nCopies(count, perSender),
                (sender, index) -> senders.client(sender).get(endpoint, "/health"));
    }

    private static Run closed(List<Integer> counts, BiFunction<Integer, Integer, CompletableFuture<PeerResponse>> call) {
        CountDownLatch done = new CountDownLatch(counts.size());
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        long start = System.nanoTime();
        for (int s = 0; s < counts.size(); s++) {
            next(call, s, counts.get(s), 0, ok, errors, firstError, done);
        }
        await(done);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Run(ok.get(), errors.get(), seconds, firstError.get(), new double[0]);
    }

    private static void next(BiFunction<Integer, Integer, CompletableFuture<PeerResponse>> call, int sender, int count,
                             int index, AtomicInteger ok, AtomicInteger errors, AtomicReference<String> firstError,
                             CountDownLatch done) {
        if (index == count) {
            done.countDown();
            return;
        }
        call.apply(sender, index).whenComplete((response, failure) -> {
            count(response, failure, ok, errors, firstError);
            next(call, sender, count, index + 1, ok, errors, firstError, done);
        });
    }

    /**
     * Posts {@code perSender} round-robin across the senders at {@code rate} per second, each request
     * at its due time whatever the answers before it did; latency runs from the due time to the answer.
     */
    static Run open(Senders senders, String endpoint, List<List<byte[]>> perSender, double rate) {
        int total = perSender.stream().mapToInt(List::size).sum();
        double[] latencies = new double[total];
        CountDownLatch done = new CountDownLatch(total);
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        RatePacer pacer = new RatePacer(rate, System.nanoTime());
        int[] next = new int[perSender.size()];
        for (int i = 0; i < total; i++) {
            int sender = i % perSender.size();
            while (next[sender] >= perSender.get(sender).size()) {
                sender = (sender + 1) % perSender.size();
            }
            byte[] body = perSender.get(sender).get(next[sender]++);
            pacer.awaitDue(i);
            long due = pacer.dueNanos(i);
            int slot = i;
            senders.client(sender).post(endpoint, "/message", body).whenComplete((response, failure) -> {
                latencies[slot] = (System.nanoTime() - due) / 1e6;
                count(response, failure, ok, errors, firstError);
                done.countDown();
            });
        }
        await(done);
        double seconds = (System.nanoTime() - pacer.dueNanos(0)) / 1e9;
        return new Run(ok.get(), errors.get(), seconds, firstError.get(), latencies);
    }

    private static void count(PeerResponse response, Throwable failure, AtomicInteger ok, AtomicInteger errors,
                              AtomicReference<String> firstError) {
        if (failure == null && response.isSuccess()) {
            ok.incrementAndGet();
            return;
        }
        errors.incrementAndGet();
        firstError.compareAndSet(null, failure != null ? failure.toString()
                : "HTTP " + response.status() + ": " + new String(response.body(), StandardCharsets.UTF_8));
    }

    private static void await(CountDownLatch done) {
        try {
            if (!done.await(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                throw new IllegalStateException("posts still unanswered after " + TIMEOUT_MINUTES + " minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while posting", e);
        }
    }
}

package dev.swarm.node.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.state.InboxStatus;
import dev.swarm.node.state.Swarm;
import dev.swarm.node.support.RawClient;
import dev.swarm.node.support.TestNode;
import dev.swarm.node.support.WireMessages;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many peers posting at once over one HTTP/2 connection while the user reads (and so marks) the inbox
 * from a second SQLite connection: every message answered 200 is stored exactly once, duplicates
 * racing each other are stored once, and nobody ever sees "database is locked".
 */
class ConcurrentIngestTest {
    private static final int SENDER_THREADS = 8;
    private static final int MESSAGES_PER_THREAD = 200;
    private static final int SHARED_MESSAGES = 50;

    @TempDir
    Path dir;

    private TestNode alice;
    private RawClient client;
    private Swarm swarm;
    private final List<FakePeer> members = List.of(FakePeer.named("m0"), FakePeer.named("m1"), FakePeer.named("m2"),
            FakePeer.named("m3"));

    @BeforeEach
    void setUp() {
        alice = TestNode.start(dir, "alice");
        client = new RawClient();
        swarm = alice.node().swarms().create("busy-team", false);
        alice.node().database().write(store -> {
            members.forEach(member -> store.members().upsert(member.memberOf(swarm.swarmId())));
            return null;
        });
    }

    @AfterEach
    void tearDown() {
        client.close();
        alice.close();
    }

    @Test
    void concurrentSendersAreStoredExactlyOnceWhileTheInboxIsReadAndMarked() throws Exception {
        // every thread sends its own messages plus all the shared ones, so each shared message races 8 copies
        List<Outgoing> shared = IntStream.range(0, SHARED_MESSAGES)
                .mapToObj(i -> outgoing(members.get(i % members.size()), "shared " + i)).toList();
        List<List<Outgoing>> perThread = new ArrayList<>();
        for (int t = 0; t < SENDER_THREADS; t++) {
            FakePeer sender = members.get(t % members.size());
            List<Outgoing> messages = new ArrayList<>(shared);
            for (int i = 0; i < MESSAGES_PER_THREAD; i++) {
                messages.add(outgoing(sender, "thread " + t + " message " + i));
            }
            Collections.shuffle(messages, new Random(t));
            perThread.add(messages);
        }

        Map<String, Integer> answered = new ConcurrentHashMap<>();
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicBoolean sending = new AtomicBoolean(true);
        AtomicInteger marked = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(SENDER_THREADS + 1);
        try (CapturedLog log = CapturedLog.start()) {
            Future<?> reader = pool.submit(() -> readAndMark(start, sending, marked, failures));
            List<Future<?>> senders = new ArrayList<>();
            for (List<Outgoing> messages : perThread) {
                senders.add(pool.submit(() -> send(start, messages, answered, failures)));
            }
            start.countDown();
            for (Future<?> sender : senders) {
                sender.get(5, TimeUnit.MINUTES);
            }
            sending.set(false);
            reader.get(1, TimeUnit.MINUTES);
            assertThat(log.text()).as("the node's log").doesNotContainIgnoringCase("database is locked")
                    .doesNotContain("SQLITE_BUSY");
        } finally {
            sending.set(false);
            pool.shutdownNow();
        }

        assertThat(failures).as("failed requests or inbox reads").isEmpty();
        int expectedIds = SENDER_THREADS * MESSAGES_PER_THREAD + SHARED_MESSAGES;
        assertThat(answered).hasSize(expectedIds);
        assertThat(answered.values()).containsOnly(200);
        Map<Object, Long> rowsPerId = alice.dump().rows("inbox").stream()
                .collect(Collectors.groupingBy(row -> row.get("message_id"), Collectors.counting()));
        assertThat(rowsPerId.keySet()).containsExactlyInAnyOrderElementsOf(answered.keySet());
        assertThat(rowsPerId.values()).containsOnly(1L);
        assertThat(marked.get()).as("messages the reader marked read").isPositive();
    }

    /** A signed envelope ready to post, with its message id. */
    private record Outgoing(String messageId, byte[] body) {
    }

    private Outgoing outgoing(FakePeer sender, String content) {
        ObjectNode envelope = sender.message(swarm.swarmId(), "broadcast", content);
        return new Outgoing(envelope.get("message_id").asText(), WireMessages.bytes(envelope));
    }

    /** One peer posting its messages one after another; every answer is recorded by message id. */
    private void send(CountDownLatch start, List<Outgoing> messages, Map<String, Integer> answered,
                      Queue<String> failures) {
        await(start);
        for (Outgoing message : messages) {
            try {
                RawClient.Answer answer = client.post(alice.endpoint() + "/message", message.body());
                answered.merge(message.messageId(), answer.status(), (first, next) -> first == 200 ? next : first);
                if (answer.status() != 200) {
                    failures.add(message.messageId() + " answered " + answer.status() + ": " + answer.body());
                }
            } catch (RuntimeException e) {
                failures.add(message.messageId() + " failed: " + e);
            }
        }
    }

    /** The user running {@code swarm messages} in a loop: each call marks what it lists as read. */
    private void readAndMark(CountDownLatch start, AtomicBoolean sending, AtomicInteger marked,
                             Queue<String> failures) {
        Set<InboxStatus> unread = EnumSet.of(InboxStatus.UNREAD);
        await(start);
        while (sending.get() || marked.get() == 0) {
            try {
                marked.addAndGet(alice.node().inbox().list(null, unread, 100, true).size());
            } catch (RuntimeException e) {
                failures.add("inbox read failed: " + e);
                return;
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The node's log (slf4j-simple writes to the current System.err) while it is captured; still echoed. */
    private static final class CapturedLog implements AutoCloseable {
        private final PrintStream original = System.err;
        private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

        static CapturedLog start() {
            CapturedLog log = new CapturedLog();
            System.setErr(new PrintStream(new OutputStream() {
                @Override
                public void write(int b) {
                    log.original.write(b);
                    synchronized (log.captured) {
                        log.captured.write(b);
                    }
                }

                @Override
                public void write(byte[] bytes, int offset, int length) {
                    log.original.write(bytes, offset, length);
                    synchronized (log.captured) {
                        log.captured.write(bytes, offset, length);
                    }
                }
            }, true, StandardCharsets.UTF_8));
            return log;
        }

        String text() {
            synchronized (captured) {
                return captured.toString(StandardCharsets.UTF_8);
            }
        }

        @Override
        public void close() {
            System.setErr(original);
        }
    }
}

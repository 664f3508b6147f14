package dev.swarm.node.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class JvmHeapTest {
    private static final int KEPT_MIB = 64;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void theLiveHeapCountsWhatIsKeptAndNotWhatWasThrownAway() {
        long self = ProcessHandle.current().pid();
        byte[][] kept = new byte[KEPT_MIB][];
        for (int i = 0; i < KEPT_MIB; i++) {
            kept[i] = new byte[1024 * 1024];
        }
        JvmHeap.Reading holding = JvmHeap.afterFullCollection(self, TIMEOUT).orElseThrow();
        assertThat(kept.length).isEqualTo(KEPT_MIB);
        kept = null;
        // as much garbage again, thrown away before the second measurement
        for (int i = 0; i < KEPT_MIB; i++) {
            consume(new byte[1024 * 1024]);
        }
        JvmHeap.Reading released = JvmHeap.afterFullCollection(self, TIMEOUT).orElseThrow();

        assertThat(holding.usedMib() - released.usedMib()).isGreaterThan(KEPT_MIB - 8);
        assertThat(holding.usedMib()).isLessThanOrEqualTo(holding.capacityMib());
    }

    @Test
    void aProcessThatIsNotAJvmHasNoHeapToMeasure() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try {
            assertThat(JvmHeap.afterFullCollection(sleeper.pid(), Duration.ofSeconds(20))).isEmpty();
        } finally {
            sleeper.destroyForcibly();
        }
    }

    @Test
    void aOneShotReadingIsItsHeaderAndOneLine() {
        String output = """
                    S0C         S1C         S0U         S1U          EC           EU           OC           OU          MC         MU       CCSC      CCSU     YGC     YGCT     FGC    FGCT     CGC    CGCT       GCT
                     1024.0      1024.0         0.0       512.0       8192.0       4096.0      20480.0      10240.0    30000.0    29000.0   4000.0    3500.0     12     0.050     1      0.020     -         -        0.070
                """;
        JvmHeap.Reading reading = JvmHeap.parse(output).orElseThrow();
        assertThat(reading.usedMib()).isEqualTo((512.0 + 4096.0 + 10240.0) / 1024);
        assertThat(reading.oldUsedMib()).isEqualTo(10.0);
        assertThat(reading.capacityMib()).isEqualTo((1024.0 + 1024.0 + 8192.0 + 20480.0) / 1024);
        assertThat(JvmHeap.parse("no such process\n")).isEmpty();
    }

    private static void consume(byte[] garbage) {
        assertThat(garbage).hasSize(1024 * 1024);
    }
}

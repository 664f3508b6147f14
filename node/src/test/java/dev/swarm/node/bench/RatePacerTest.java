package dev.swarm.node.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RatePacerTest {

    @Test
    void requestsAreDueAtEvenIntervalsFromTheStart() {
        RatePacer pacer = new RatePacer(1000, 5_000);
        assertThat(pacer.dueNanos(0)).isEqualTo(5_000);
        assertThat(pacer.dueNanos(1)).isEqualTo(1_005_000);
        assertThat(pacer.dueNanos(1000)).isEqualTo(1_000_005_000);
    }

    @Test
    void fractionalIntervalsDoNotDriftOverManyRequests() {
        RatePacer pacer = new RatePacer(3, 0);
        assertThat(pacer.dueNanos(3_000_000)).isEqualTo(1_000_000_000_000_000L);
    }

    @Test
    void aLateRequestIsSentAtOnceAndDoesNotMoveTheOnesAfterIt() {
        RatePacer pacer = new RatePacer(100, 0);
        // request 1 is due at 10 ms; at 25 ms it is late: no wait
        assertThat(pacer.waitNanos(1, 25_000_000)).isZero();
        // request 3 keeps its own slot at 30 ms: the open loop does not slow down after a stall
        assertThat(pacer.waitNanos(3, 25_000_000)).isEqualTo(5_000_000);
    }

    @Test
    void aRateMustBePositive() {
        assertThatThrownBy(() -> new RatePacer(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RatePacer(Double.NaN, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}

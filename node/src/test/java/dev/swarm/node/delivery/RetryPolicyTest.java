package dev.swarm.node.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy = RetryPolicy.DEFAULTS;

    @Test
    void ceilingDoublesFromOneSecondUpToFiveMinutes() {
        assertThat(policy.ceilingMillis(1)).isEqualTo(1_000);
        assertThat(policy.ceilingMillis(2)).isEqualTo(2_000);
        assertThat(policy.ceilingMillis(3)).isEqualTo(4_000);
        assertThat(policy.ceilingMillis(9)).isEqualTo(256_000);
        assertThat(policy.ceilingMillis(10)).isEqualTo(300_000);
        assertThat(policy.ceilingMillis(50)).isEqualTo(300_000);
        assertThat(policy.ceilingMillis(Integer.MAX_VALUE)).isEqualTo(300_000);
    }

    @Test
    void backoffIsAFullJitterDrawBetweenZeroAndTheCeiling() {
        long seenMax = 0;
        long seenMin = Long.MAX_VALUE;
        for (int i = 0; i < 2_000; i++) {
            long wait = policy.backoff(4).toMillis();
            assertThat(wait).isBetween(0L, 8_000L);
            seenMax = Math.max(seenMax, wait);
            seenMin = Math.min(seenMin, wait);
        }
        // spread over the range, not a fixed delay
        assertThat(seenMin).isLessThan(2_000);
        assertThat(seenMax).isGreaterThan(6_000);
    }

    @Test
    void aRowIsExhaustedAfterFiftyAttemptsOrSeventyTwoHours() {
        assertThat(policy.isExhausted(49, Duration.ofHours(71))).isFalse();
        assertThat(policy.isExhausted(50, Duration.ZERO)).isTrue();
        assertThat(policy.isExhausted(1, Duration.ofHours(72))).isTrue();
    }
}

package dev.swarm.node.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TrendTest {

    @Test
    void noisyButLevelMemoryIsFlat() {
        List<Trend.Sample> samples = IntStream.range(0, 60)
                .mapToObj(i -> new Trend.Sample(i * 10, 200 + (i % 3 == 0 ? 4 : -3))).toList();
        Trend trend = Trend.of(samples);
        assertThat(trend.flat()).isTrue();
        assertThat(trend.riseMib()).isLessThan(Trend.TOLERANCE_MIB);
    }

    @Test
    void steadyGrowthIsNotFlatAndItsSlopeIsPerMinute() {
        // 1 MiB every 10 s for ten minutes: 6 MiB/min
        List<Trend.Sample> samples = IntStream.range(0, 61).mapToObj(i -> new Trend.Sample(i * 10, 150 + i)).toList();
        Trend trend = Trend.of(samples);
        assertThat(trend.flat()).isFalse();
        assertThat(trend.slopeMibPerMinute()).isCloseTo(6, within(1e-9));
        assertThat(trend.riseMib()).isCloseTo(48, within(1e-9));
    }

    @Test
    void theWarmUpClimbIsLeftOutOfTheFit() {
        // the heap grows to its working size in the first minute of ten, then stays
        List<Trend.Sample> samples = IntStream.range(0, 61)
                .mapToObj(i -> new Trend.Sample(i * 10, i < 6 ? 100 + 20 * i : 220)).toList();
        Trend trend = Trend.of(samples);
        assertThat(trend.flat()).isTrue();
        assertThat(trend.fittedSamples()).isEqualTo(49);
        assertThat(trend.slopeMibPerMinute()).isCloseTo(0, within(1e-9));
    }

    @Test
    void shrinkingMemoryIsFlat() {
        List<Trend.Sample> samples = IntStream.range(0, 30).mapToObj(i -> new Trend.Sample(i, 300 - i)).toList();
        assertThat(Trend.of(samples).flat()).isTrue();
    }

    @Test
    void noSamplesOrOneSampleHaveNoTrend() {
        assertThat(Trend.of(List.of()).flat()).isTrue();
        Trend one = Trend.of(List.of(new Trend.Sample(0, 180)));
        assertThat(one.flat()).isTrue();
        assertThat(one.riseMib()).isZero();
        assertThat(one.meanMib()).isEqualTo(180);
    }
}

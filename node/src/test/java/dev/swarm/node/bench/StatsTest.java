package dev.swarm.node.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void percentilesAreNearestRankOverTheSortedSamples() {
        double[] oneToHundred = java.util.stream.IntStream.rangeClosed(1, 100).mapToDouble(i -> 101 - i).toArray();
        Stats stats = Stats.of(oneToHundred);
        assertThat(stats.samples()).isEqualTo(100);
        assertThat(stats.min()).isEqualTo(1);
        assertThat(stats.median()).isEqualTo(50);
        assertThat(stats.p95()).isEqualTo(95);
        assertThat(stats.p99()).isEqualTo(99);
        assertThat(stats.max()).isEqualTo(100);
    }

    @Test
    void threeSlowSamplesInTwoHundredReachP99ButOneWouldNot() {
        double[] samples = DoubleStream.concat(DoubleStream.generate(() -> 1.0).limit(197),
                DoubleStream.of(50, 60, 70)).toArray();
        Stats stats = Stats.of(samples);
        assertThat(stats.median()).isEqualTo(1);
        // rank ceil(0.99 * 200) = 198: the first of the three slow ones
        assertThat(stats.p99()).isEqualTo(50);
        assertThat(stats.max()).isEqualTo(70);
        double[] oneSlow = DoubleStream.concat(DoubleStream.generate(() -> 1.0).limit(199), DoubleStream.of(70)).toArray();
        assertThat(Stats.of(oneSlow).p99()).isEqualTo(1);
    }

    @Test
    void noSamplesGiveZerosAndOneSampleIsEveryPercentile() {
        assertThat(Stats.of(List.of())).isEqualTo(new Stats(0, 0, 0, 0, 0, 0));
        assertThat(Stats.of(List.of(7.5))).isEqualTo(new Stats(1, 7.5, 7.5, 7.5, 7.5, 7.5));
    }

    @Test
    void theCallersArrayIsLeftUnsorted() {
        double[] samples = {3, 1, 2};
        Stats.of(samples);
        assertThat(samples).containsExactly(3, 1, 2);
    }
}

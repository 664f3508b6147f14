package dev.swarm.node.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading what the tools the benchmarks run print: jstat, /proc/PID/stat, wrk's script line, h2load. */
class BenchToolOutputTest {
    private static final List<String> JSTAT_HEADER = columns("S0C S1C S0U S1U EC EU OC OU MC MU CCSC CCSU YGC YGCT");

    private static List<String> columns(String line) {
        return Arrays.asList(line.trim().split("\\s+"));
    }

    @Test
    void jstatLineGivesHeapUsedOldGenerationAndCapacityInMib() {
        List<String> header = columns("    S0C         S1C         S0U         S1U          EC           EU           OC"
                + "           OU          MC         MU       CCSC      CCSU     YGC     YGCT     FGC    FGCT     CGC"
                + "    CGCT       GCT   ");
        List<String> line = columns("        0.0      4096.0         0.0      1840.7     155648.0      90112.0"
                + "     126976.0      68826.0    28800.0    28510.7    3264.0    3098.0     17     1.210     0     0.000"
                + "     6     0.054     1.264");

        JvmHeap.Reading reading = JvmHeap.parse(header, line).orElseThrow();

        assertThat(reading.usedMib()).isCloseTo((1840.7 + 90112.0 + 68826.0) / 1024, within(0.001));
        assertThat(reading.oldUsedMib()).isCloseTo(68826.0 / 1024, within(0.001));
        assertThat(reading.capacityMib()).isCloseTo((4096.0 + 155648.0 + 126976.0) / 1024, within(0.001));
    }

    @Test
    void jstatLineThatDoesNotMatchItsHeaderIsSkipped() {
        assertThat(JvmHeap.parse(JSTAT_HEADER, columns("1 2 3"))).isEmpty();
        assertThat(JvmHeap.parse(columns("A B"), columns("1 2"))).isEmpty();
    }

    @Test
    void procStatGivesUserPlusSystemTimeEvenWhenTheCommandNameHasSpacesAndParentheses() {
        String stat = "1040 (java (x) y) S 1037 1037 23117 0 -1 4194304 127505 1333 0 0 1266 81 0 0 20 0 28 0 285175";

        assertThat(ProcessCpu.parse(stat)).isCloseTo(13.47, within(1e-9));
    }

    @Test
    void wrkScriptLineIsReadAmongWrksOwnOutput() {
        String output = "Running 15s test @ https://127.0.0.1:1234/swarm/message\n  2 threads and 64 connections\n"
                + "SWARM-WRK {\"seconds\":15.002,\"requests\":90000,\"ok\":89990,\"refused\":10,\"exhausted_threads\":0,"
                + "\"connect_errors\":1,\"read_errors\":2,\"write_errors\":3,\"timeouts\":4,\"p50_ms\":8.1,"
                + "\"p99_ms\":30.5,\"max_ms\":88.0}\n";

        Wrk.Run run = Wrk.parse(output);

        assertThat(run.ok()).isEqualTo(89990);
        assertThat(run.refused()).isEqualTo(10);
        assertThat(run.socketErrors()).isEqualTo(6);
        assertThat(run.timeouts()).isEqualTo(4);
        assertThat(run.okPerSecond()).isCloseTo(89990 / 15.002, within(1e-6));
        assertThat(run.p99Ms()).isEqualTo(30.5);
    }

    @Test
    void wrkOutputWithoutTheScriptLineIsAnError() {
        assertThatThrownBy(() -> Wrk.parse("unable to connect to 127.0.0.1:1 Connection refused"))
                .hasMessageContaining("no result line");
    }

    @Test
    void h2loadSummaryIsReadWhateverTheUnitOfItsTime() {
        String seconds = "finished in 15.00s, 12000.50 req/s, 1.01MB/s\n"
                + "requests: 180008 total, 180072 started, 180008 done, 180000 succeeded, 6 failed, 2 errored, 0 timeout\n";
        String millis = "finished in 7.08ms, 14124.29 req/s, 1.01MB/s\n"
                + "requests: 100 total, 100 started, 100 done, 100 succeeded, 0 failed, 0 errored, 0 timeout\n";

        H2Load.Run long15 = H2Load.parse(seconds);
        H2Load.Run short7 = H2Load.parse(millis);

        assertThat(long15.perSecond()).isCloseTo(12000, within(0.01));
        assertThat(long15.failed()).isEqualTo(8);
        assertThat(short7.seconds()).isCloseTo(0.00708, within(1e-9));
    }

    @Test
    void everyAttackHasAWireNameThatNamesItBack() {
        for (AttackKind kind : AttackKind.values()) {
            assertThat(AttackKind.fromWire(kind.wireName())).contains(kind);
        }
        assertThat(AttackKind.fromWire("HEAP")).isEmpty();
    }

    @Test
    void attackerAddressesAreLoopbackAddressesOtherThanTheMembers() {
        assertThat(AttackTarget.loopbackAddresses(3)).containsExactly("127.0.0.2", "127.0.0.3", "127.0.0.4");
        assertThatThrownBy(() -> AttackTarget.loopbackAddresses(0)).isInstanceOf(IllegalArgumentException.class);
    }
}

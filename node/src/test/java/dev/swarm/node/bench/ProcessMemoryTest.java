package dev.swarm.node.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class ProcessMemoryTest {
    private static final String STATUS = """
            Name:\tjava
            Umask:\t0022
            State:\tS (sleeping)
            VmPeak:\t 8975564 kB
            VmSize:\t 8975564 kB
            VmHWM:\t  301220 kB
            VmRSS:\t  294932 kB
            RssAnon:\t  258120 kB
            Threads:\t37
            """;

    @Test
    void vmRssIsReadInKibibytesFromProcStatus() {
        assertThat(ProcessMemory.vmRssKib(STATUS)).isEqualTo(OptionalLong.of(294_932));
    }

    @Test
    void aStatusWithoutVmRssGivesNothing() {
        // kernel threads have no VmRSS line
        assertThat(ProcessMemory.vmRssKib("Name:\tkthreadd\nState:\tS (sleeping)\n")).isEmpty();
        assertThat(ProcessMemory.vmRssKib("VmRSS:\tgarbage kB\n")).isEmpty();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void thisProcessHasSomeResidentMemory() {
        assertThat(ProcessMemory.rssMib(ProcessHandle.current().pid()).orElseThrow()).isGreaterThan(1);
    }

    @Test
    void aProcessThatDoesNotExistHasNoReading() {
        assertThat(ProcessMemory.rssMib(Long.MAX_VALUE)).isEmpty();
    }
}

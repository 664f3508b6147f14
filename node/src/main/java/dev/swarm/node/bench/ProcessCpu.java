package dev.swarm.node.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time of another process as Linux reports it ({@code utime + stime} in {@code /proc/PID/stat}). */
final class ProcessCpu {
    /** Clock ticks per second of {@code /proc}: 100 on every Linux this runs on (USER_HZ). */
    private static final double TICKS_PER_SECOND = 100;

    private ProcessCpu() {
    }

    /** CPU seconds used so far; 0 when the process is gone. */
    static double seconds(long pid) {
        try {
            return parse(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException e) {
            return 0;
        }
    }

    /** utime + stime from a {@code stat} line (the command name may hold spaces: fields count from its ')'). */
    static double parse(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // after the name: state is field 3, utime field 14 and stime field 15 of the whole line
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    }
}

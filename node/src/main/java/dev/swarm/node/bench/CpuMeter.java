package dev.swarm.node.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time spent by the server side of this process (Jetty's threads and the inbox writer) and by
 * the whole process, between two readings. On a machine shared with other work the rate a benchmark
 * reaches depends on the CPU it was given; CPU time per message does not, and says what rate the
 * node could reach with the machine to itself.
 */
final class CpuMeter {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Map<Long, Long> serverStart;
    private final long processStart;

    private CpuMeter(Map<Long, Long> serverStart, long processStart) {
        this.serverStart = serverStart;
        this.processStart = processStart;
    }

    /** Server and process CPU nanoseconds since {@link #start}. */
    record Used(long serverNanos, long processNanos) {
        double serverMicrosPer(int operations) {
            return operations == 0 ? 0 : serverNanos / 1e3 / operations;
        }

        double processMicrosPer(int operations) {
            return operations == 0 ? 0 : processNanos / 1e3 / operations;
        }
    }

    static CpuMeter start() {
        return new CpuMeter(serverThreads(), processCpu());
    }

    Used stop() {
        long server = 0;
        for (Map.Entry<Long, Long> now : serverThreads().entrySet()) {
            server += now.getValue() - serverStart.getOrDefault(now.getKey(), 0L);
        }
        return new Used(server, processCpu() - processStart);
    }

    static boolean isServerThread(String name) {
        return name.startsWith("JettyServerThreadPool") || name.startsWith("qtp") || name.equals("inbox-writer");
    }

    private static Map<Long, Long> serverThreads() {
        Map<Long, Long> cpu = new HashMap<>();
        if (!THREADS.isThreadCpuTimeSupported()) {
            return cpu;
        }
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null && isServerThread(info.getThreadName())) {
                long nanos = THREADS.getThreadCpuTime(info.getThreadId());
                if (nanos >= 0) {
                    cpu.put(info.getThreadId(), nanos);
                }
            }
        }
        return cpu;
    }

    private static long processCpu() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return Math.max(0, os.getProcessCpuTime());
        }
        return 0;
    }
}

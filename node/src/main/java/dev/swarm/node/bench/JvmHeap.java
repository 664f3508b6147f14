package dev.swarm.node.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The heap of another JVM as its collector reports it, read by the JDK's {@code jstat -gc PID
 * INTERVAL} (one process for the whole run; it reads the JVM's performance counters, so the node does
 * no work for it). Empty when {@code jstat} is not installed or the JVM keeps no counters.
 */
final class JvmHeap implements AutoCloseable {
    private final Process jstat;
    private final AtomicReference<Reading> latest = new AtomicReference<>();

    /** Used heap (young and old generations), the old generation alone, and the heap's current size, in MiB. */
    record Reading(double usedMib, double oldUsedMib, double capacityMib) {
    }

    private JvmHeap(Process jstat) {
        this.jstat = jstat;
        Thread reader = new Thread(this::read, "jstat-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts watching {@code pid} every {@code intervalMs}; empty when jstat cannot be run. */
    static Optional<JvmHeap> watch(long pid, long intervalMs) {
        String javaHome = System.getProperty("java.home");
        String jstat = java.nio.file.Files.isExecutable(java.nio.file.Path.of(javaHome, "bin", "jstat"))
                ? java.nio.file.Path.of(javaHome, "bin", "jstat").toString() : "jstat";
        try {
            Process process = new ProcessBuilder(jstat, "-gc", Long.toString(pid), Long.toString(intervalMs))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            return Optional.of(new JvmHeap(process));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    Optional<Reading> latest() {
        return Optional.ofNullable(latest.get());
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(jstat.getInputStream(),
                StandardCharsets.US_ASCII))) {
            List<String> header = null;
            String line;
            while ((line = lines.readLine()) != null) {
                List<String> fields = List.of(line.trim().split("\\s+"));
                if (fields.contains("EU")) {
                    header = fields;
                } else if (header != null) {
                    parse(header, fields).ifPresent(latest::set);
                }
            }
        } catch (IOException e) {
            // the node or jstat ended
        }
    }

    /** One line of {@code jstat -gc}, columns named by its header (sizes in KiB). */
    static Optional<Reading> parse(List<String> header, List<String> fields) {
        if (fields.size() != header.size()) {
            return Optional.empty();
        }
        try {
            double young = value(header, fields, "S0U") + value(header, fields, "S1U") + value(header, fields, "EU");
            double old = value(header, fields, "OU");
            double capacity = value(header, fields, "S0C") + value(header, fields, "S1C") + value(header, fields, "EC")
                    + value(header, fields, "OC");
            return Optional.of(new Reading((young + old) / 1024, old / 1024, capacity / 1024));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static double value(List<String> header, List<String> fields, String column) {
        int index = header.indexOf(column);
        if (index < 0) {
            throw new NumberFormatException("no column " + column);
        }
        return Double.parseDouble(fields.get(index));
    }

    @Override
    public void close() {
        jstat.destroy();
        try {
            jstat.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

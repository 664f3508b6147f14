package dev.swarm.node.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
        try {
            Process process = new ProcessBuilder(tool("jstat"), "-gc", Long.toString(pid), Long.toString(intervalMs))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            return Optional.of(new JvmHeap(process));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The heap that is live: a full collection asked of the JVM ({@code jcmd PID GC.run}, which
     * returns when the collection is done), then one {@code jstat -gc PID} reading. What a heap holds
     * between collections includes garbage not yet collected, which grows and falls with the
     * collector's timing; what is left after a full collection grows only when something is kept.
     * Empty when the tools cannot be run or the JVM does not answer within {@code timeout}.
     */
    static Optional<Reading> afterFullCollection(long pid, Duration timeout) {
        try {
            if (!run(timeout, tool("jcmd"), Long.toString(pid), "GC.run").isPresent()) {
                return Optional.empty();
            }
            return run(timeout, tool("jstat"), "-gc", Long.toString(pid)).flatMap(JvmHeap::parse);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The output of a tool that ended with status 0 in time. */
    private static Optional<String> run(Duration timeout, String... command) throws InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            return Optional.empty();
        }
        try {
            // small outputs: read to the end, then the exit status
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                } catch (IOException e) {
                    return "";
                }
            });
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
                return Optional.empty();
            }
            return Optional.of(output.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException | TimeoutException e) {
            return Optional.empty();
        } finally {
            process.destroyForcibly();
        }
    }

    /** A one-shot {@code jstat -gc}: a header line and one line of values. */
    static Optional<Reading> parse(String output) {
        List<String> lines = output.lines().map(String::trim).filter(line -> !line.isEmpty()).toList();
        if (lines.size() < 2) {
            return Optional.empty();
        }
        return parse(List.of(lines.get(0).split("\\s+")), List.of(lines.get(1).split("\\s+")));
    }

    private static String tool(String name) {
        Path path = Path.of(System.getProperty("java.home"), "bin", name);
        return Files.isExecutable(path) ? path.toString() : name;
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

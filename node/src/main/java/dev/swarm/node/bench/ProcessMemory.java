package dev.swarm.node.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** Resident memory of a process as Linux reports it ({@code VmRSS} in {@code /proc/PID/status}). */
public final class ProcessMemory {
    private ProcessMemory() {
    }

    /** VmRSS in KiB from the text of {@code /proc/PID/status}; empty when the line is missing. */
    public static OptionalLong vmRssKib(String procStatus) {
        for (String line : procStatus.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
                try {
                    long value = Long.parseLong(parts[0]);
                    String unit = parts.length > 1 ? parts[1] : "kB";
                    return OptionalLong.of(switch (unit) {
                        case "kB" -> value;
                        case "mB", "MB" -> value * 1024;
                        case "gB", "GB" -> value * 1024 * 1024;
                        default -> throw new IllegalArgumentException("unknown unit " + unit);
                    });
                } catch (RuntimeException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }

    /** The process's resident memory in MiB; empty when the process is gone or this is not Linux. */
    public static OptionalDouble rssMib(long pid) {
        try {
            OptionalLong kib = vmRssKib(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
            return kib.isPresent() ? OptionalDouble.of(kib.getAsLong() / 1024.0)
                    : OptionalDouble.empty();
        } catch (IOException e) {
            return OptionalDouble.empty();
        }
    }
}

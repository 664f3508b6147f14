package dev.swarm.node.bench;

import dev.swarm.node.protocol.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The attacker of the attack benchmark in a JVM of its own, started at the idle CPU priority ({@code
 * chrt --idle}, SCHED_IDLE; {@code nice} where {@code chrt} is missing): on a machine shared by the
 * node, the member and the attacker, the attacker then takes the CPU the other two leave, as an
 * attacker on another machine would take none of theirs, and the member's latency is not its own
 * client starved by the attacker's threads in one JVM. {@code nice -n 10} alone did not do that: it
 * weighs each thread, and the attacker's dozens of runnable threads took half of two cores while the
 * node was waiting for them. It attacks for the given time and prints what it counted as one JSON line.
 */
public final class AttackProcess {
    /** Niceness of the attacker's process where SCHED_IDLE is not at hand (19 is the lowest priority). */
    static final int NICENESS = 10;
    private static final Path CHRT = Path.of("/usr/bin/chrt");

    private AttackProcess() {
    }

    /** Arguments: kind, port, endpoint, CA file, swarm id, recipient, addresses (comma-separated), seconds. */
    public static void main(String[] args) throws InterruptedException {
        AttackKind kind = AttackKind.fromWire(args[0]).orElseThrow();
        AttackTarget target = new AttackTarget(Integer.parseInt(args[1]), args[2], Path.of(args[3]), args[4], args[5],
                List.of(args[6].split(",")));
        AttackCounters counters = new AttackCounters();
        String failure;
        try (AttackRun run = AttackRun.start(kind, target, counters)) {
            Thread.sleep(Long.parseLong(args[7]) * 1000);
            run.close();
            failure = run.firstFailure();
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("counters", counters.snapshot());
        result.put("first_failure", failure);
        System.out.println(Json.toText(result));
        System.out.flush();
        System.exit(0);
    }

    /** What a finished attacker process reported. */
    record Report(Map<String, Long> counters, String firstFailure) {
    }

    /** Starts the attacker for {@code seconds}, at the idle priority, with this process's java and class path. */
    static Process start(AttackKind kind, AttackTarget target, long seconds) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(Files.isExecutable(CHRT) ? List.of(CHRT.toString(), "--idle", "0")
                : List.of("nice", "-n", Integer.toString(NICENESS)));
        command.addAll(List.of(java,
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), AttackProcess.class.getName(),
                kind.wireName(), Integer.toString(target.port()), target.endpoint(), target.caFile().toString(),
                target.swarmId(), target.recipient(), String.join(",", target.addresses()), Long.toString(seconds)));
        try {
            return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the attacker to end and reads its report. */
    static Report await(Process attacker, long seconds) throws InterruptedException {
        try {
            String out = new String(attacker.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!attacker.waitFor(seconds + 60, TimeUnit.SECONDS)) {
                attacker.destroyForcibly();
            }
            String last = out.substring(out.lastIndexOf('\n') + 1);
            if (!last.startsWith("{")) {
                return new Report(Map.of(), "the attacker printed no report: " + out);
            }
            var json = Json.readTree(last);
            Map<String, Long> counters = new java.util.TreeMap<>();
            json.get("counters").fields().forEachRemaining(e -> counters.put(e.getKey(), e.getValue().asLong()));
            return new Report(counters, json.path("first_failure").isTextual() ? json.get("first_failure").asText()
                    : null);
        } catch (IOException e) {
            return new Report(Map.of(), "the attacker's report could not be read: " + e);
        }
    }
}

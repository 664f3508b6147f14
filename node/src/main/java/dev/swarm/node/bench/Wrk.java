package dev.swarm.node.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.protocol.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code wrk} (package {@code wrk}) as an external load generator, run with the script
 * {@code wrk-ingest.lua}: closed loop over C connections on T threads for a fixed time, HTTP/1.1
 * over TLS (wrk does not offer ALPN, so the node's connector falls back to HTTP/1.1). Posting, each
 * thread sends its own file of pre-signed bodies, each once; without bodies it GETs the URL.
 */
final class Wrk {
    private static final String MARK = "SWARM-WRK ";

    private Wrk() {
    }

    /** What one wrk run reported: answers by kind, wrk's own errors, and latency percentiles. */
    record Run(double seconds, long requests, long ok, long refused, int exhaustedThreads, long socketErrors,
               long timeouts, double p50Ms, double p99Ms, double maxMs) {
        double okPerSecond() {
            return seconds == 0 ? 0 : ok / seconds;
        }
    }

    /** Whether {@code wrk} can be run here. */
    static boolean installed() {
        try {
            Process probe = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Runs wrk against {@code url}; with {@code bodies} (a directory of {@code bodies-N.txt}, one per
     * thread) it posts them and writes the message ids answered 200 to {@code answered}.
     */
    static Run run(Path dir, String url, int threads, int connections, int seconds, Path bodies, Path answered) {
        try {
            Path script = dir.resolve("wrk-ingest.lua");
            if (!Files.exists(script)) {
                try (InputStream in = Wrk.class.getResourceAsStream("wrk-ingest.lua")) {
                    Files.write(script, in.readAllBytes());
                }
            }
            List<String> command = new ArrayList<>(List.of("wrk", "-t", Integer.toString(threads), "-c",
                    Integer.toString(connections), "-d", seconds + "s", "--timeout", "10s", "-s", script.toString(), url));
            if (bodies != null) {
                command.add("--");
                command.add(bodies.toString());
            }
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            if (answered != null) {
                builder.environment().put("SWARM_WRK_ANSWERED", answered.toString());
            }
            Process wrk = builder.start();
            String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!wrk.waitFor(seconds + 120L, TimeUnit.SECONDS) || wrk.exitValue() != 0) {
                throw new IllegalStateException("wrk failed: " + output);
            }
            return parse(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The script's JSON line in wrk's output. */
    static Run parse(String output) {
        for (String line : output.split("\n")) {
            if (line.startsWith(MARK)) {
                JsonNode json = Json.readTree(line.substring(MARK.length()));
                return new Run(json.get("seconds").asDouble(), json.get("requests").asLong(), json.get("ok").asLong(),
                        json.get("refused").asLong(), json.get("exhausted_threads").asInt(),
                        json.get("connect_errors").asLong() + json.get("read_errors").asLong()
                                + json.get("write_errors").asLong(), json.get("timeouts").asLong(),
                        json.get("p50_ms").asDouble(), json.get("p99_ms").asDouble(), json.get("max_ms").asDouble());
            }
        }
        throw new IllegalStateException("wrk printed no result line: " + output);
    }
}

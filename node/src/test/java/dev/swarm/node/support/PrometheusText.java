package dev.swarm.node.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.protocol.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Parses Prometheus text exposition with the official Python client's parser
 * ({@code prometheus_client.parser}, Debian's {@code python3-prometheus-client}), an implementation
 * independent of the Java client that wrote it. Text it cannot parse fails the test.
 */
public final class PrometheusText {
    private static final String PYTHON = "/usr/bin/python3";
    private static final String SCRIPT = """
            import json, sys
            from prometheus_client.parser import text_string_to_metric_families
            samples, types = {}, {}
            for family in text_string_to_metric_families(sys.stdin.read()):
                types[family.name] = family.type
                for s in family.samples:
                    labels = ",".join('%s="%s"' % (k, v) for k, v in sorted(s.labels.items()))
                    samples[s.name + ("{" + labels + "}" if labels else "")] = s.value
            print(json.dumps({"samples": samples, "types": types}))
            """;

    /** Every sample ({@code name{label="value",...}}, labels sorted) and every family's type. */
    public record Parsed(Map<String, Double> samples, Map<String, String> types) {
        public double value(String sample) {
            Double value = samples.get(sample);
            if (value == null) {
                throw new AssertionError("no sample " + sample + " among " + samples.keySet());
            }
            return value;
        }

        /** The sample's value, or 0 when the series does not exist yet. */
        public double valueOrZero(String sample) {
            return samples.getOrDefault(sample, 0.0);
        }
    }

    private PrometheusText() {
    }

    public static Parsed parse(String text) {
        try {
            Process process = new ProcessBuilder(PYTHON, "-c", SCRIPT).start();
            try (OutputStream in = process.getOutputStream()) {
                in.write(text.getBytes(StandardCharsets.UTF_8));
            }
            byte[] out = process.getInputStream().readAllBytes();
            byte[] err = process.getErrorStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError("the Prometheus parser refused the text: "
                        + new String(err, StandardCharsets.UTF_8) + "\ntext:\n" + text);
            }
            JsonNode parsed = Json.readTree(out);
            Map<String, Double> samples = new LinkedHashMap<>();
            parsed.get("samples").fields().forEachRemaining(e -> samples.put(e.getKey(), e.getValue().asDouble()));
            Map<String, String> types = new LinkedHashMap<>();
            parsed.get("types").fields().forEachRemaining(e -> types.put(e.getKey(), e.getValue().asText()));
            return new Parsed(samples, types);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + PYTHON + " with prometheus_client (apt-get install"
                    + " python3-prometheus-client)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

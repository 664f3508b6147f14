package dev.swarm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code swarm} in this JVM through {@link Main#run} with an explicit environment (never the
 * real one), empty stdin and captured stdout/stderr, as a script would see it.
 */
final class Cli {
    /** A strict parser of our own, so "exactly one JSON document" does not rely on the code under test. */
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Map<String, String> env;

    private Cli(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    static Cli home(Path home) {
        return new Cli(Map.of("SWARM_HOME", home.toString()));
    }

    static Cli env(Map<String, String> env) {
        return new Cli(env);
    }

    /** The same home with one more environment variable. */
    Cli with(String name, String value) {
        Map<String, String> copy = new HashMap<>(env);
        copy.put(name, value);
        return new Cli(copy);
    }

    Map<String, String> environment() {
        return env;
    }

    Result run(String... args) {
        return run(false, "", args);
    }

    /** As a person at a terminal who types {@code typed} when asked. */
    Result atTerminal(String typed, String... args) {
        return run(true, typed, args);
    }

    private Result run(boolean interactive, String typed, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exit = Main.run(args, env, new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8)), o, e,
                    interactive);
        }
        return new Result(List.of(args), exit, out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8));
    }

    /** Runs and insists on exit 0, showing stderr when it is not. */
    Result ok(String... args) {
        Result result = run(args);
        assertThat(result.exit()).as("exit of swarm %s; stdout: %s; stderr: %s", String.join(" ", args),
                result.out(), result.err()).isZero();
        return result;
    }

    /** Runs with {@code --json} appended, insists on exit 0 and returns the document. */
    JsonNode json(String... args) {
        String[] withJson = Arrays.copyOf(args, args.length + 1);
        withJson[args.length] = "--json";
        return ok(withJson).json();
    }

    record Result(List<String> args, int exit, String out, String err) {
        /** Stdout parsed as exactly one JSON document (anything after it fails). */
        JsonNode json() {
            try {
                JsonNode document = JSON.readTree(out);
                if (document == null || !document.isObject()) {
                    throw new AssertionError("stdout of swarm " + String.join(" ", args)
                            + " is not a JSON object: '" + out + "'\nstderr: " + err);
                }
                return document;
            } catch (JsonProcessingException e) {
                throw new AssertionError("stdout of swarm " + String.join(" ", args)
                        + " is not exactly one JSON document: " + e.getOriginalMessage() + "\nstdout: " + out
                        + "\nstderr: " + err, e);
            }
        }

        List<String> errLines() {
            return err.lines().toList();
        }
    }
}

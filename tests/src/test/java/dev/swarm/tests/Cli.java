package dev.swarm.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.cli.Main;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.support.Schemas;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

/**
 * One user at one node's terminal: runs {@code swarm <args>} in this JVM through {@link Main#run}
 * with that node's environment (SWARM_HOME, the test CA), no terminal and empty stdin (unless
 * {@link #piping}), and captures
 * the exit code, stdout and stderr.
 *
 * <p>With {@code --json} every document printed is checked the way a script would consume it: stdout
 * must be exactly one JSON document, valid against {@code schemas/cli/<command>.schema.json} when
 * the command succeeded and {@code schemas/cli/error.schema.json} (the wire error body, whose code may
 * also be a local one) when it failed.
 */
public final class Cli {
    private final String name;
    private final Map<String, String> env;
    private final byte[] stdin;

    public Cli(String name, Map<String, String> env) {
        this(name, env, new byte[0]);
    }

    private Cli(String name, Map<String, String> env, byte[] stdin) {
        this.name = name;
        this.env = Map.copyOf(env);
        this.stdin = stdin;
    }

    /** The same user piping {@code text} into the next commands ({@code echo text | swarm ...}). */
    public Cli piping(String text) {
        return new Cli(name, env, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Who this user is (the agent id of the node, for messages). */
    public String name() {
        return name;
    }

    /** What one run of the command left behind. {@code document} is the parsed stdout of a {@code --json} run. */
    public record Result(String command, int exitCode, String stdout, String stderr, JsonNode document) {
        /** The {@code error.code} of a failed {@code --json} run. */
        public String errorCode() {
            return document == null ? null : document.path("error").path("code").asText(null);
        }

        @Override
        public String toString() {
            return "swarm " + command + " -> exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    /** Runs the command as typed (no {@code --json} added) and returns what it printed. */
    public Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream stderr = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exit = Main.run(args, env, new ByteArrayInputStream(stdin), stdout, stderr, false);
        }
        return new Result(String.join(" ", args), exit, out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8), null);
    }

    /**
     * Runs the command with {@code --json}, whatever its outcome, after checking that stdout is one
     * JSON document that matches the command's schema (or the error schema when the exit code is not 0).
     */
    public Result attempt(String... args) {
        List<String> withJson = new ArrayList<>(Arrays.asList(args));
        withJson.add("--json");
        Result raw = run(withJson.toArray(String[]::new));
        JsonNode document = parseSingleDocument(raw);
        // a failure prints the error document, except where the command's own document reports it
        // (a send that every recipient refused exits 3 with the send result)
        boolean error = raw.exitCode() != 0 && document.has("error");
        String schema = error ? "cli/error.schema.json" : "cli/" + schemaName(args) + ".schema.json";
        Schemas.assertValid(schema, raw.stdout());
        return new Result(raw.command(), raw.exitCode(), raw.stdout(), raw.stderr(), document);
    }

    /** Runs the command with {@code --json}, expects success (exit 0) and returns the document it printed. */
    public JsonNode json(String... args) {
        Result result = attempt(args);
        assertThat(result.exitCode()).as("exit code of %s", result).isZero();
        return result.document();
    }

    /** Runs the command with {@code --json}, expects it to fail with {@code exitCode}, and returns the run. */
    public Result fails(int exitCode, String... args) {
        Result result = attempt(args);
        assertThat(result.exitCode()).as("exit code of %s", result).isEqualTo(exitCode);
        assertThat(result.document().has("error")).as("error document of %s", result).isTrue();
        return result;
    }

    /** The elements of a JSON array in a command's document (failing when it is not an array). */
    public static List<JsonNode> items(JsonNode array) {
        assertThat(array).as("a JSON array").isNotNull();
        assertThat(array.isArray()).as("a JSON array: %s", array).isTrue();
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    private static JsonNode parseSingleDocument(Result raw) {
        assertThat(raw.stdout()).as("stdout of %s", raw).isNotBlank();
        try {
            // the shared mapper refuses trailing tokens, so a second document (or stray text) fails here
            return Json.readTree(raw.stdout());
        } catch (UncheckedIOException e) {
            throw new AssertionError("stdout is not exactly one JSON document: " + raw, e);
        }
    }

    /**
     * The schema of a command's output: {@code messages} has three shapes, {@code approve}/{@code deny}
     * share one, {@code invite list}/{@code invite revoke} have their own, {@code outbox retry}/
     * {@code outbox purge} share one, {@code wake test|status|log} each have their own, and the
     * {@code issue} commands print a board or the outcome of a claim command, and {@code role list} its
     * listing while {@code role add|remove} share one.
     */
    static String schemaName(String... args) {
        List<String> list = Arrays.asList(args);
        String command = list.stream().filter(a -> !a.startsWith("-")).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no command in " + list));
        int next = list.indexOf(command) + 1;
        String subcommand = next < list.size() ? list.get(next) : "";
        return switch (command) {
            case "messages" -> list.contains("--count") ? "messages-count"
                    : list.contains("--archive") || list.contains("--delete") ? "messages-move" : "messages";
            case "approve", "deny" -> "decision";
            case "invite" -> subcommand.equals("list") || subcommand.equals("revoke") ? "invite-" + subcommand : command;
            case "outbox" -> subcommand.equals("retry") || subcommand.equals("purge") ? "outbox-action" : "outbox";
            case "wake" -> "wake-" + subcommand;
            case "issue" -> subcommand.equals("board") ? "issue-board" : "issue-action";
            case "role" -> subcommand.equals("list") ? "role-list" : "role";
            case "lease" -> switch (subcommand) {
                case "list", "check", "hook" -> "lease-" + subcommand;
                default -> "lease-action";
            };
            default -> command;
        };
    }
}

package dev.swarm.tests.agents;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.swarm.node.protocol.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * A model API that a real coding agent can run a real turn against, offline: plain HTTP on
 * 127.0.0.1, port 0, speaking Anthropic Messages (Claude Code), OpenAI Responses (Codex) and Gemini
 * (Gemini CLI) with the streaming each client uses. It records every request; a test scripts what
 * the model does with the agent's next turns ({@link #reply}, {@link #runShell}, {@link #hold}), and
 * every turn without a script, and every side request (titles, token counts, routing checks), gets
 * a short text reply.
 */
final class StandInModel implements AutoCloseable {
    /** The longest a held turn stays open if a test forgets to release it. */
    static final Duration MAX_HOLD = Duration.ofMinutes(5);
    static final String DEFAULT_REPLY = "Done.";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "stand-in-model");
        thread.setDaemon(true);
        return thread;
    });
    private final ConcurrentLinkedDeque<Step> script = new ConcurrentLinkedDeque<>();
    private final List<ModelRequest> requests = new CopyOnWriteArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private final List<Step.Hold> holds = new CopyOnWriteArrayList<>();

    private StandInModel(HttpServer server) {
        this.server = server;
    }

    static StandInModel start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            StandInModel model = new StandInModel(server);
            server.createContext("/", model::handle);
            server.setExecutor(model.threads);
            server.start();
            return model;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:PORT}, without a path. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next unscripted turn answers with {@code text}. */
    StandInModel reply(String text) {
        script.add(new Step.Reply(text));
        return this;
    }

    /** The next turn asks the agent to run {@code command} with its shell tool. */
    StandInModel runShell(String command) {
        script.add(new Step.Shell(command));
        return this;
    }

    /** The next turn starts and stays open until the returned step is released. */
    Step.Hold hold(String finalText) {
        Step.Hold hold = new Step.Hold(finalText);
        holds.add(hold);
        script.add(hold);
        return hold;
    }

    /** Every request received, in order. */
    List<ModelRequest> requests() {
        return List.copyOf(requests);
    }

    /** The requests of the agent's main loop (those that carried its tools), in order. */
    List<ModelRequest> turns() {
        return requests.stream().filter(ModelRequest::turn).toList();
    }

    /** Waits for a turn request that matches, and returns it. */
    ModelRequest awaitTurn(String description, Predicate<ModelRequest> matching, Duration limit) {
        await(description).atMost(limit).pollInterval(Duration.ofMillis(100))
                .until(() -> turns().stream().anyMatch(matching));
        return turns().stream().filter(matching).findFirst().orElseThrow();
    }

    /** Waits for a turn whose text (anything the model was shown) contains {@code text}. */
    ModelRequest awaitTurnContaining(String text, Duration limit) {
        return awaitTurn("a turn containing " + text, r -> r.text().contains(text), limit);
    }

    /** What went wrong inside the stand-in (an exception while answering), for assertions. */
    List<String> failures() {
        return List.copyOf(failures);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            JsonNode body = readBody(exchange);
            ModelRequest.Api api = apiOf(path);
            boolean turn = switch (api) {
                case ANTHROPIC -> !path.endsWith("/count_tokens") && AnthropicApi.isTurn(body);
                case RESPONSES -> ResponsesApi.isTurn(body);
                case GEMINI -> !path.contains(":countTokens") && GeminiApi.isTurn(body);
                case OTHER -> false;
            };
            requests.add(new ModelRequest(api, exchange.getRequestMethod(),
                    exchange.getRequestURI().toString(), body, turn));
            Step step = turn ? nextStep() : new Step.Reply(DEFAULT_REPLY);
            int n = sequence.incrementAndGet();
            switch (api) {
                case ANTHROPIC -> {
                    if (path.endsWith("/count_tokens")) {
                        AnthropicApi.countTokens(exchange);
                    } else {
                        AnthropicApi.answer(exchange, body, step, n);
                    }
                }
                case RESPONSES -> ResponsesApi.answer(exchange, body, step, n);
                case GEMINI -> {
                    if (path.contains(":countTokens")) {
                        GeminiApi.countTokens(exchange);
                    } else {
                        GeminiApi.answer(exchange, body, step, path.contains(":streamGenerateContent"));
                    }
                }
                case OTHER -> Sse.json(exchange, 404, Json.mapper().createObjectNode().put("error",
                        "the stand-in model has no " + exchange.getRequestMethod() + " " + path));
            }
        } catch (IOException | RuntimeException e) {
            failures.add(exchange.getRequestURI() + ": " + e);
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Step nextStep() {
        Step step = script.poll();
        return step != null ? step : new Step.Reply(DEFAULT_REPLY);
    }

    private static ModelRequest.Api apiOf(String path) {
        if (path.endsWith("/messages") || path.endsWith("/messages/count_tokens")) {
            return ModelRequest.Api.ANTHROPIC;
        }
        if (path.endsWith("/responses")) {
            return ModelRequest.Api.RESPONSES;
        }
        if (path.contains("/models/") && path.contains(":")) {
            return ModelRequest.Api.GEMINI;
        }
        return ModelRequest.Api.OTHER;
    }

    private static JsonNode readBody(HttpExchange exchange) throws IOException {
        InputStream in = exchange.getRequestBody();
        if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            in = new GZIPInputStream(in);
        }
        byte[] bytes = in.readAllBytes();
        if (bytes.length == 0) {
            return Json.mapper().createObjectNode();
        }
        try {
            return Json.readTree(bytes);
        } catch (IOException e) {
            return Json.mapper().getNodeFactory().textNode(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() {
        holds.forEach(Step.Hold::release);
        server.stop(0);
        threads.shutdownNow();
    }

    @Override
    public String toString() {
        List<String> lines = new ArrayList<>();
        requests.forEach(r -> lines.add(r.toString()));
        return "stand-in model at " + baseUrl() + ", requests:\n  " + String.join("\n  ", lines)
                + (failures.isEmpty() ? "" : "\nfailures: " + failures);
    }
}

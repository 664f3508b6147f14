package dev.swarm.tests.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.swarm.node.protocol.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** A server-sent-events response, flushed after every event so the client sees it at once. */
final class Sse implements AutoCloseable {
    private final OutputStream out;

    private Sse(OutputStream out) {
        this.out = out;
    }

    static Sse open(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        return new Sse(exchange.getResponseBody());
    }

    /** An event with a name ({@code event:} line), as Anthropic and OpenAI send them. */
    void event(String name, JsonNode data) throws IOException {
        write("event: " + name + "\ndata: " + Json.toText(data) + "\n\n");
    }

    /** A data-only event, as Gemini sends them. */
    void data(JsonNode data) throws IOException {
        write("data: " + Json.toText(data) + "\r\n\r\n");
    }

    private void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /** A whole JSON response (a request that did not ask for streaming). */
    static void json(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = Json.toBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}

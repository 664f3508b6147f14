package dev.swarm.node.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A peer whose answers a test scripts: a real HTTP server on loopback (plain HTTP/1.1, so the caller
 * needs --allow-insecure-loopback) that records every message posted to it, with the time it came.
 */
public final class ScriptedPeer implements AutoCloseable {
    private final HttpServer server;
    private final List<Received> received = new ArrayList<>();
    private volatile Function<Received, Answer> script = request -> Answer.queued();
    private volatile String info = "{}";

    /** A request as it arrived. */
    public record Received(String body, long nanoTime) {
    }

    /** What to answer: a status, a body, and an optional Retry-After. */
    public record Answer(int status, String body, String retryAfter) {
        public static Answer queued() {
            return new Answer(200, "{\"status\":\"queued\",\"message_id\":\"x\"}", null);
        }

        public static Answer error(int status, String code) {
            return new Answer(status, "{\"error\":{\"code\":\"" + code + "\",\"message\":\"scripted " + code
                    + "\",\"details\":null}}", null);
        }
    }

    public ScriptedPeer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/swarm/message", exchange -> {
            Received request = new Received(new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8), System.nanoTime());
            synchronized (received) {
                received.add(request);
            }
            Answer answer = script.apply(request);
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            if (answer.retryAfter() != null) {
                exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
            }
            exchange.sendResponseHeaders(answer.status(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/swarm/info", exchange -> {
            byte[] body = info.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    /** What {@code GET /swarm/info} answers from now on (a JSON document). */
    public void info(String json) {
        this.info = json;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/swarm";
    }

    public void answer(Function<Received, Answer> newScript) {
        this.script = newScript;
    }

    public List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

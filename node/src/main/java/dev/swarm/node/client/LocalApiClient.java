package dev.swarm.node.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.hook.HookReply;
import dev.swarm.node.identity.AdminToken;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.state.MessageKey;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * A tool on this host calling the running daemon's local API (loopback, bearer token from
 * {@code admin.token}): the long poll {@code swarm mcp} needs, which answers the moment a reply to a
 * message is stored (waiting for an answer never polls the database), and the agents' hooks.
 */
public final class LocalApiClient implements AutoCloseable {
    /** Added to the long poll's own timeout before the HTTP call itself gives up. */
    private static final Duration GRACE = Duration.ofSeconds(10);

    private final OkHttpClient http = new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(5))
            .writeTimeout(Duration.ofSeconds(5))
            .followRedirects(false)
            .build();

    /**
     * Waits up to {@code timeout} (whole seconds, 0 to 3600) for a reply to {@code messageId}; the
     * reply's message id, or empty when none arrived in time.
     */
    public Optional<MessageKey> awaitReply(String apiUrl, AdminToken token, String messageId, Duration timeout) {
        HttpUrl url = base(apiUrl).newBuilder().addPathSegments("inbox/wait").addQueryParameter("in_reply_to", messageId)
                .addQueryParameter("timeout", Long.toString(timeout.toSeconds())).build();
        Request request = new Request.Builder().url(url).header("Authorization", "Bearer " + token.value()).get().build();
        OkHttpClient waiting = http.newBuilder().readTimeout(timeout.plus(GRACE)).build();
        try (Response response = waiting.newCall(request).execute()) {
            ResponseBody body = response.body();
            JsonNode answer = Json.readTree(body.bytes());
            if (!response.isSuccessful()) {
                JsonNode error = answer.path("error");
                throw new SwarmException(ErrorCode.byName(error.path("code").asText()), "the local API of swarm serve"
                        + " refused the wait: " + error.path("message").asText("HTTP " + response.code()));
            }
            if ("reply".equals(answer.path("status").asText())) {
                JsonNode message = answer.path("message");
                return Optional.of(new MessageKey(message.path("swarm_id").asText(),
                        message.path("sender").path("agent_id").asText(), message.path("message_id").asText()));
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new SwarmException(ErrorCode.NOT_SERVING, "cannot reach the local API of swarm serve at " + apiUrl
                    + " (" + e.getMessage() + "); did it stop?", null, e);
        }
    }

    /**
     * An agent hook's call ({@code POST /api/hooks/AGENT/EVENT}): the daemon's answer, split into the
     * id to acknowledge and what to print.
     */
    public HookReply hook(String apiUrl, AdminToken token, String agent, String event, byte[] input) {
        HttpUrl url = base(apiUrl).newBuilder().addPathSegment("hooks").addPathSegment(agent).addPathSegment(event).build();
        Request request = new Request.Builder().url(url).header("Authorization", "Bearer " + token.value())
                .post(RequestBody.create(input, MediaType.get("application/json"))).build();
        String text = call(apiUrl, request);
        int newline = text.indexOf('\n');
        String ack = newline < 0 ? text : text.substring(0, newline);
        return new HookReply(newline < 0 ? "" : text.substring(newline + 1), "-".equals(ack) ? null : ack);
    }

    /** Tells the daemon that a hook printed the answer {@code ackId}. */
    public void ackHook(String apiUrl, AdminToken token, String ackId) {
        HttpUrl url = base(apiUrl).newBuilder().addPathSegment("hook-acks").addPathSegment(ackId).build();
        call(apiUrl, new Request.Builder().url(url).header("Authorization", "Bearer " + token.value())
                .post(RequestBody.create(new byte[0], null)).build());
    }

    private String call(String apiUrl, Request request) {
        try (Response response = http.newBuilder().readTimeout(Duration.ofSeconds(10)).build().newCall(request).execute()) {
            String text = response.body().string();
            if (!response.isSuccessful()) {
                String message = "HTTP " + response.code();
                try {
                    message = Json.readTree(text).path("error").path("message").asText(message);
                } catch (RuntimeException e) {
                    // not the error body: the status says enough
                }
                throw new SwarmException(ErrorCode.NOT_SERVING, "the local API of swarm serve refused: " + message);
            }
            return text;
        } catch (IOException e) {
            throw new SwarmException(ErrorCode.NOT_SERVING, "cannot reach the local API of swarm serve at " + apiUrl
                    + " (" + e.getMessage() + "); did it stop?", null, e);
        }
    }

    private static HttpUrl base(String apiUrl) {
        HttpUrl base = HttpUrl.parse(apiUrl);
        if (base == null) {
            throw new SwarmException(ErrorCode.NOT_SERVING, "serve.lock names no usable local API URL: " + apiUrl);
        }
        return base;
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}

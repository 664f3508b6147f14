package dev.swarm.node.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.identity.AdminToken;
import dev.swarm.node.protocol.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * A tool on this host calling the running daemon's local API (loopback, bearer token from
 * {@code admin.token}). Today it has the one call {@code swarm mcp} needs: the long poll that answers
 * the moment a reply to a message is stored, so waiting for an answer never polls the database.
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
    public Optional<String> awaitReply(String apiUrl, AdminToken token, String messageId, Duration timeout) {
        HttpUrl base = HttpUrl.parse(apiUrl);
        if (base == null) {
            throw new SwarmException(ErrorCode.NOT_SERVING, "serve.lock names no usable local API URL: " + apiUrl);
        }
        HttpUrl url = base.newBuilder().addPathSegments("inbox/wait").addQueryParameter("in_reply_to", messageId)
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
                return Optional.of(answer.path("message").path("message_id").asText());
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new SwarmException(ErrorCode.NOT_SERVING, "cannot reach the local API of swarm serve at " + apiUrl
                    + " (" + e.getMessage() + "); did it stop?", null, e);
        }
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}

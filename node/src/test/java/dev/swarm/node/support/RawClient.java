package dev.swarm.node.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.client.TrustStores;
import dev.swarm.node.protocol.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A plain HTTP/2 client written for tests, independent of the node's own client: it sends exactly
 * the bytes and headers a test gives it, like a foreign peer would.
 */
public final class RawClient implements AutoCloseable {
    private final OkHttpClient http;

    public RawClient() {
        this(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1));
    }

    public RawClient(List<Protocol> protocols) {
        try {
            X509TrustManager trust = TrustStores.trustManager(TestCa.get().caFile());
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new X509TrustManager[] {trust}, null);
            this.http = new OkHttpClient.Builder().sslSocketFactory(tls.getSocketFactory(), trust)
                    .protocols(protocols).callTimeout(Duration.ofSeconds(30)).retryOnConnectionFailure(false).build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An answer: HTTP status, protocol spoken, headers and body. */
    public record Answer(int status, Protocol protocol, Map<String, List<String>> headers, String body) {
        public JsonNode json() {
            return Json.readTree(body);
        }

        /** The {@code error.code} of a protocol error body. */
        public String errorCode() {
            return json().path("error").path("code").asText(null);
        }
    }

    public Answer post(String url, byte[] body) {
        return post(url, body, Map.of("X-Swarm-Protocol", "0.1.0"));
    }

    public Answer post(String url, byte[] body, Map<String, String> headers) {
        Request.Builder request = new Request.Builder().url(url)
                .post(RequestBody.create(body, okhttp3.MediaType.get("application/json")));
        headers.forEach(request::header);
        return call(request.build());
    }

    public Answer post(String url, String json) {
        return post(url, json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public Answer get(String url) {
        return call(new Request.Builder().url(url).get().build());
    }

    public Answer call(Request request) {
        try (Response response = http.newCall(request).execute()) {
            return new Answer(response.code(), response.protocol(), response.headers().toMultimap(),
                    response.body().string());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}

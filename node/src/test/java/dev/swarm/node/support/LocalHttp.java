package dev.swarm.node.support;

import dev.swarm.node.identity.ServeLock;
import dev.swarm.node.identity.SwarmHome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Plain HTTP/1.1 to a daemon's local API, as a browser or a tool on the host would send it: no
 * redirects followed, every header as the test gives it (a foreign {@code Host}, an {@code Origin}).
 */
public final class LocalHttp implements AutoCloseable {
    private final OkHttpClient http = new OkHttpClient.Builder().followRedirects(false)
            .callTimeout(Duration.ofSeconds(30)).build();
    private final String base;

    public LocalHttp(SwarmHome home) {
        String api = ServeLock.apiUrl(home).orElseThrow(() -> new IllegalStateException("no daemon for " + home.dir()));
        this.base = api.substring(0, api.length() - "/api".length());
    }

    /** {@code http://127.0.0.1:PORT}, the local API's origin. */
    public String base() {
        return base;
    }

    public record Answer(int status, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    public Answer get(String path, Map<String, String> headers) {
        Request.Builder request = new Request.Builder().url(base + path).get();
        headers.forEach(request::header);
        return call(request.build());
    }

    public Answer postForm(String path, Map<String, String> form, Map<String, String> headers) {
        FormBody.Builder body = new FormBody.Builder();
        form.forEach(body::add);
        Request.Builder request = new Request.Builder().url(base + path).post(body.build());
        headers.forEach(request::header);
        return call(request.build());
    }

    private Answer call(Request request) {
        try (Response response = http.newCall(request).execute()) {
            return new Answer(response.code(), response.headers().toMultimap(), response.body().string());
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

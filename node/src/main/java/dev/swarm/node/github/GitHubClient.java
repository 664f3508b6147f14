package dev.swarm.node.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.client.ClientConfig;
import dev.swarm.node.client.TrustStores;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.protocol.EndpointPolicy;
import dev.swarm.node.protocol.Json;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The GitHub REST API (or GitHub Enterprise's, at another base URL): conditional GETs with ETags,
 * following {@code Link: rel="next"}, and the rate-limit headers handed back to the caller, which
 * decides when to call again; and posting issue comments. Every request, a {@code Link} page or a
 * redirect included, stays on the configured API's scheme, host and port: an answer that points
 * elsewhere is refused before anything (the token above all) is sent there.
 */
public final class GitHubClient implements AutoCloseable {
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"next\"");
    private static final okhttp3.MediaType JSON = okhttp3.MediaType.get("application/json");

    private final OkHttpClient http;
    private final HttpUrl origin;
    private final String apiBase;
    private final String token;

    public GitHubClient(String apiBase, String token, ClientConfig config) {
        String base = apiBase.endsWith("/") ? apiBase.substring(0, apiBase.length() - 1) : apiBase;
        new EndpointPolicy(config.allowInsecureLoopback()).problem(base).ifPresent(problem -> {
            throw SwarmException.invalidArgument("github_api must be " + problem);
        });
        this.apiBase = base;
        this.origin = HttpUrl.get(base);
        this.token = token;
        X509TrustManager trust = TrustStores.trustManager(config.caFile());
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new X509TrustManager[] {trust}, null);
            this.http = new OkHttpClient.Builder().sslSocketFactory(tls.getSocketFactory(), trust)
                    .connectTimeout(config.connectTimeout()).readTimeout(config.requestTimeout())
                    .callTimeout(config.requestTimeout().plus(config.connectTimeout())).followRedirects(true)
                    // sees each request as sent, redirects included: none leaves the API's origin
                    .addNetworkInterceptor(chain -> {
                        if (!sameOrigin(chain.request().url())) {
                            throw new OffOrigin(chain.request().url());
                        }
                        return chain.proceed(chain.request());
                    }).build();
        } catch (GeneralSecurityException e) {
            throw new SwarmException(ErrorCode.CONFIG_INVALID, "cannot set up TLS: " + e.getMessage(), null, e);
        }
    }

    /** An answer: status, body, and what GitHub said about caching, paging and the rate limit. */
    public record Answer(int status, String body, String etag, String next, Integer remaining, Long resetEpochSeconds,
                         Duration retryAfter) {
        public JsonNode json() {
            return Json.readTree(body);
        }

        /** True when the rate limit is used up (a 403 or 429 with no calls left, or a Retry-After). */
        public boolean rateLimited() {
            return (status == 403 || status == 429) && (retryAfter != null || Integer.valueOf(0).equals(remaining));
        }
    }

    /**
     * GETs a path under the API base (or a full URL from a {@code Link} header, which must be on the
     * API's origin), conditionally on {@code etag}.
     */
    public Answer get(String pathOrUrl, String etag) {
        String url = pathOrUrl.startsWith("http") ? pathOrUrl : apiBase + pathOrUrl;
        HttpUrl parsed = HttpUrl.parse(url);
        if (parsed == null || !sameOrigin(parsed)) {
            throw offOrigin(url);
        }
        Request.Builder request = request(url).get();
        if (etag != null) {
            request.header("If-None-Match", etag);
        }
        return call(request.build());
    }

    /** Posts a comment on an issue; returns the comment's URL. */
    public String comment(String repo, long number, String body) {
        Answer answer = call(request(apiBase + "/repos/" + repo + "/issues/" + number + "/comments")
                .post(RequestBody.create(Json.toBytes(Map.of("body", body)), JSON)).build());
        if (answer.status() != 201) {
            String message = answer.body().isEmpty() ? "" : Json.readTree(answer.body()).path("message").asText("");
            throw new SwarmException(ErrorCode.PEER_PROTOCOL_ERROR, "GitHub refused the comment on " + repo + "#" + number
                    + ": HTTP " + answer.status() + (message.isEmpty() ? "" : " " + message));
        }
        return answer.json().path("html_url").asText(null);
    }

    private Request.Builder request(String url) {
        Request.Builder builder = new Request.Builder().url(url)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28")
                .header("User-Agent", "swarm-node");
        if (token != null && !token.isBlank()) {
            builder.header("Authorization", "Bearer " + token.strip());
        }
        return builder;
    }

    private boolean sameOrigin(HttpUrl url) {
        return url.scheme().equals(origin.scheme()) && url.host().equals(origin.host()) && url.port() == origin.port();
    }

    private SwarmException offOrigin(String url) {
        HttpUrl parsed = HttpUrl.parse(url);
        String where = parsed == null ? "an unreadable URL" : parsed.scheme() + "://" + parsed.host() + ":" + parsed.port();
        return new SwarmException(ErrorCode.PEER_PROTOCOL_ERROR, "GitHub pointed at " + where
                + ", outside github_api (" + origin.scheme() + "://" + origin.host() + ":" + origin.port()
                + "); not followed, and no token was sent there");
    }

    /** Thrown inside OkHttp when a redirect leaves the API's origin. */
    private static final class OffOrigin extends IOException {
        private final HttpUrl url;

        OffOrigin(HttpUrl url) {
            super("redirect off the API's origin");
            this.url = url;
        }
    }

    private Answer call(Request request) {
        try (Response response = http.newCall(request).execute()) {
            String body = response.body().string();
            String link = response.header("Link");
            Matcher next = link == null ? null : NEXT.matcher(link);
            return new Answer(response.code(), body, response.header("ETag"), next != null && next.find() ? next.group(1)
                    : null, integer(response.header("X-RateLimit-Remaining")), longValue(response.header("X-RateLimit-Reset")),
                    seconds(response.header("Retry-After")));
        } catch (OffOrigin e) {
            throw offOrigin(e.url.toString());
        } catch (IOException e) {
            throw new SwarmException(ErrorCode.PEER_UNREACHABLE, "cannot reach GitHub at " + apiBase + ": "
                    + e.getMessage(), null, e);
        }
    }

    private static Integer integer(String text) {
        try {
            return text == null ? null : Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long longValue(String text) {
        try {
            return text == null ? null : Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Duration seconds(String text) {
        Long value = longValue(text);
        return value == null ? null : Duration.ofSeconds(Math.max(0, value));
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}

package dev.swarm.node.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.support.TestCa;
import dev.swarm.node.tls.PemFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A GitHub REST API on loopback (HTTPS with a certificate from the test CA) that serves recorded
 * answers from {@code src/test/resources/github/} the way GitHub does: issues and comments filtered
 * by {@code since}, pages with {@code Link} headers, weak ETags and 304 for a matching
 * {@code If-None-Match} (not counted against the limit), the rate-limit headers, and a used-up limit
 * answered 403 with {@code X-RateLimit-Reset}. Every request is recorded with the time on the
 * test's clock.
 */
final class FakeGitHub implements AutoCloseable {
    static final int LIMIT = 5000;

    private final HttpsServer server;
    private final Clock clock;
    private final Map<String, List<JsonNode>> lists = new ConcurrentHashMap<>();
    private final List<Request> requests = new ArrayList<>();
    private final AtomicInteger remaining = new AtomicInteger(LIMIT);
    private volatile int pageSize = 2;
    private volatile Instant exhaustedUntil;
    private volatile Instant windowReset;
    private volatile Duration secondaryRetryAfter;

    /** A request as it came, and the status it was answered with. */
    record Request(Instant at, String path, Map<String, String> query, String ifNoneMatch, String authorization,
                   int status) {
    }

    FakeGitHub(Clock clock, Path dir) {
        this.clock = clock;
        try {
            TestCa.ServerFiles tls = TestCa.get().issue(dir);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(PemFiles.keyStore(tls.certificate(), tls.key()), PemFiles.NO_PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            server.setHttpsConfigurator(new HttpsConfigurator(context));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    /** What GitHub holds for the repository: the recorded issues, comments and events of a stage. */
    void publish(String repo, int stage) {
        lists.put("/repos/" + repo + "/issues", fixture("issues-" + stage));
        lists.put("/repos/" + repo + "/issues/comments", fixture("comments-" + stage));
        lists.put("/repos/" + repo + "/issues/events", fixture("events-" + stage));
    }

    /** Replaces one list, e.g. {@code ("acme/widgets", "comments", "comments-1-late")}. */
    void publish(String repo, String list, String fixture) {
        lists.put("/repos/" + repo + (list.equals("issues") ? "/issues" : "/issues/" + list), fixture(fixture));
    }

    void pageSize(int size) {
        pageSize = size;
    }

    /** {@code left} requests remain until {@code reset}; once they are used, the rest are refused until then. */
    void limitLeft(int left, Instant reset) {
        remaining.set(left);
        windowReset = reset;
    }

    /** The next request trips a secondary rate limit: 403 with {@code Retry-After}. */
    void secondaryLimit(Duration retryAfter) {
        secondaryRetryAfter = retryAfter;
    }

    /** Every request before {@code reset} is refused as over the rate limit. */
    void exhaustUntil(Instant reset) {
        exhaustedUntil = reset;
    }

    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    private static List<JsonNode> fixture(String name) {
        try (InputStream in = FakeGitHub.class.getResourceAsStream("/github/" + name + ".json")) {
            List<JsonNode> items = new ArrayList<>();
            Json.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8)).forEach(items::add);
            return items;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
        Instant now = clock.instant();
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.getResponseHeaders().add("X-GitHub-Media-Type", "github.v3; format=json");
        exchange.getResponseHeaders().add("X-GitHub-Api-Version-Selected", "2022-11-28");
        int status;
        byte[] body;
        Instant reset = exhaustedUntil;
        List<JsonNode> list = lists.get(path);
        Duration retryAfter = secondaryRetryAfter;
        if (retryAfter != null) {
            secondaryRetryAfter = null;
            status = 403;
            body = ("{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes before you try"
                    + " again. If you reach out to GitHub Support for help, please include the request ID"
                    + " 9A1B:2C3D:4E5F60:718293:65E2F0A2.\",\"documentation_url\":\"https://docs.github.com/rest/"
                    + "overview/rate-limits-for-the-rest-api#about-secondary-rate-limits\",\"status\":\"403\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Retry-After", Long.toString(retryAfter.toSeconds()));
            rateHeaders(exchange, remaining.get(), reset(now));
        } else if (reset != null && now.isBefore(reset)) {
            status = 403;
            body = ("{\"message\":\"API rate limit exceeded for user ID 4242. If you reach out to GitHub Support for help,"
                    + " please include the request ID 8F3A:1B2C:3D4E5F:6A7B8C:65E2F0A1.\",\"documentation_url\":"
                    + "\"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api\",\"status\":\"403\"}")
                    .getBytes(StandardCharsets.UTF_8);
            rateHeaders(exchange, 0, reset);
        } else if (list == null) {
            status = 404;
            body = "{\"message\":\"Not Found\",\"documentation_url\":\"https://docs.github.com/rest\",\"status\":\"404\"}"
                    .getBytes(StandardCharsets.UTF_8);
            rateHeaders(exchange, remaining.decrementAndGet(), reset(now));
        } else {
            List<JsonNode> items = since(path, list, query.get("since"));
            int page = Integer.parseInt(query.getOrDefault("page", "1"));
            int pages = Math.max(1, (items.size() + pageSize - 1) / pageSize);
            ArrayNode slice = Json.mapper().createArrayNode();
            items.stream().skip((long) (page - 1) * pageSize).limit(pageSize).forEach(slice::add);
            body = Json.mapper().writeValueAsBytes(slice);
            String etag = "W/\"" + sha256(body) + "\"";
            exchange.getResponseHeaders().add("ETag", etag);
            exchange.getResponseHeaders().add("Cache-Control", "private, max-age=60, s-maxage=60");
            if (page < pages) {
                exchange.getResponseHeaders().add("Link", "<" + link(path, query, page + 1) + ">; rel=\"next\", <"
                        + link(path, query, pages) + ">; rel=\"last\"");
            }
            if (etag.equals(ifNoneMatch)) {
                status = 304;
                body = new byte[0];
                rateHeaders(exchange, remaining.get(), reset(now));
            } else {
                status = 200;
                int left = remaining.decrementAndGet();
                if (left <= 0 && windowReset != null) {
                    exhaustedUntil = windowReset;
                }
                rateHeaders(exchange, left, reset(now));
            }
        }
        synchronized (requests) {
            requests.add(new Request(now, path, query, ifNoneMatch,
                    exchange.getRequestHeaders().getFirst("Authorization"), status));
        }
        exchange.sendResponseHeaders(status, status == 304 ? -1 : body.length);
        if (status != 304) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    private Instant reset(Instant now) {
        Instant window = windowReset;
        return window != null ? window : now.plusSeconds(3600);
    }

    private static List<JsonNode> since(String path, List<JsonNode> list, String since) {
        if (since == null || path.endsWith("/events")) {
            return list;
        }
        Instant from = Instant.parse(since);
        return list.stream().filter(item -> !Instant.parse(item.path("updated_at").asText()).isBefore(from)).toList();
    }

    private String link(String path, Map<String, String> query, int page) {
        Map<String, String> next = new LinkedHashMap<>(query);
        next.put("page", Integer.toString(page));
        return url() + path + "?" + next.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&"));
    }

    private static void rateHeaders(HttpExchange exchange, int left, Instant reset) {
        exchange.getResponseHeaders().add("X-RateLimit-Limit", Integer.toString(LIMIT));
        exchange.getResponseHeaders().add("X-RateLimit-Remaining", Integer.toString(Math.max(0, left)));
        exchange.getResponseHeaders().add("X-RateLimit-Reset", Long.toString(reset.getEpochSecond()));
        exchange.getResponseHeaders().add("X-RateLimit-Used", Integer.toString(LIMIT - Math.max(0, left)));
        exchange.getResponseHeaders().add("X-RateLimit-Resource", "core");
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int equals = pair.indexOf('=');
                query.put(URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8),
                        equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

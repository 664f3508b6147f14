package dev.swarm.node.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.protocol.EndpointPolicy;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.protocol.PeerNetworks;
import dev.swarm.node.protocol.ProtocolVersion;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.Proxy;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * Calls peers over HTTPS with HTTP/2 (ALPN), through one shared OkHttp client: connections and
 * streams are reused across every peer call of this process. Each call has explicit timeouts and
 * sends the protocol's headers. Endpoints that are not acceptable ({@link EndpointPolicy}) are never
 * called.
 */
public final class PeerClient implements AutoCloseable {
    private static final okhttp3.MediaType JSON = okhttp3.MediaType.get("application/json");
    private static final int MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

    private final OkHttpClient http;
    private final EndpointPolicy endpoints;
    private final String selfId;

    /** A client for a process with no endpoint of its own (benchmark tools): {@code peer_networks} as configured. */
    public PeerClient(ClientConfig config, String selfId) {
        this(config, selfId, null);
    }

    /**
     * The client of the node whose own endpoint is {@code selfEndpoint}: with {@code peer_networks}
     * {@code auto}, its class (loopback, private) decides which other networks it calls.
     */
    public PeerClient(ClientConfig config, String selfId, String selfEndpoint) {
        this(config, selfId, selfEndpoint, Dns.SYSTEM);
    }

    /** The same with another name resolution under the filter (tests: a name that points at metadata). */
    public PeerClient(ClientConfig config, String selfId, String selfEndpoint, Dns resolver) {
        this.selfId = selfId;
        PeerNetworks networks = PeerNetworks.of(config.peerNetworks(), selfEndpoint, config.allowInsecureLoopback());
        this.endpoints = new EndpointPolicy(config.allowInsecureLoopback(), networks);
        X509TrustManager trust = TrustStores.trustManager(config.caFile());
        SSLContext tls;
        try {
            tls = SSLContext.getInstance("TLS");
            tls.init(null, new X509TrustManager[] {trust}, null);
        } catch (GeneralSecurityException e) {
            throw new SwarmException(ErrorCode.CONFIG_INVALID, "cannot set up TLS: " + e.getMessage(), null, e);
        }
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(512);
        dispatcher.setMaxRequestsPerHost(256);
        this.http = new OkHttpClient.Builder()
                .sslSocketFactory(tls.getSocketFactory(), trust)
                .protocols(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1))
                .connectTimeout(config.connectTimeout())
                .readTimeout(config.requestTimeout())
                .writeTimeout(config.requestTimeout())
                .callTimeout(config.requestTimeout().plus(config.connectTimeout()))
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(256, 5, TimeUnit.MINUTES))
                .retryOnConnectionFailure(true)
                .followRedirects(false)
                // resolution is ours (FilteringDns): through a proxy, the proxy would resolve, unchecked
                .proxy(Proxy.NO_PROXY)
                .dns(new FilteringDns(networks, resolver))
                .build();
    }

    public EndpointPolicy endpoints() {
        return endpoints;
    }

    /** POSTs a JSON body to {@code endpoint + path}; the future fails only when no answer came. */
    public CompletableFuture<PeerResponse> post(String endpoint, String path, byte[] json) {
        return send(endpoint, new Request.Builder().url(url(endpoint, path)).post(RequestBody.create(json, JSON)));
    }

    public CompletableFuture<PeerResponse> get(String endpoint, String path) {
        return send(endpoint, new Request.Builder().url(url(endpoint, path)).get());
    }

    /** Waits for a call's answer and turns a missing answer into {@code PEER_UNREACHABLE}. */
    public static PeerResponse await(CompletableFuture<PeerResponse> call, String peer) {
        try {
            return call.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SwarmException(ErrorCode.PEER_UNREACHABLE, "interrupted while calling " + peer);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SwarmException swarm) {
                throw swarm;
            }
            throw unreachable(peer, cause);
        }
    }

    /** GETs and parses a JSON document, throwing the peer's error for a non-2xx answer. */
    public <T> T getJson(String endpoint, String path, Class<T> type) {
        PeerResponse response = await(get(endpoint, path), endpoint);
        if (!response.isSuccess()) {
            throw response.toException(endpoint);
        }
        return parse(response, type, endpoint);
    }

    public static <T> T parse(PeerResponse response, Class<T> type, String peer) {
        try {
            JsonNode tree = Json.readTree(response.body());
            return Json.mapper().treeToValue(tree, type);
        } catch (IOException | IllegalArgumentException e) {
            throw new SwarmException(ErrorCode.PEER_PROTOCOL_ERROR, peer + " answered with a body that is not "
                    + type.getSimpleName() + " JSON", Map.of("peer", peer));
        }
    }

    public static SwarmException unreachable(String peer, Throwable cause) {
        String why = cause instanceof InterruptedIOException ? "timed out" : String.valueOf(cause.getMessage());
        return new SwarmException(ErrorCode.PEER_UNREACHABLE, "cannot reach " + peer + ": " + why,
                Map.of("peer", peer), cause);
    }

    private CompletableFuture<PeerResponse> send(String endpoint, Request.Builder builder) {
        CompletableFuture<PeerResponse> result = new CompletableFuture<>();
        var problem = endpoints.problem(endpoint);
        if (problem.isPresent()) {
            result.completeExceptionally(new SwarmException(ErrorCode.INVALID_ARGUMENT, "will not call " + endpoint
                    + ": the endpoint must be " + problem.get(), Map.of("peer", endpoint)));
            return result;
        }
        Request request = builder
                .header(ProtocolVersion.HEADER_AGENT_ID, selfId)
                .header(ProtocolVersion.HEADER_PROTOCOL, ProtocolVersion.CURRENT)
                .header("Accept", "application/json")
                .header("User-Agent", "swarm-node/" + ProtocolVersion.CURRENT)
                .build();
        Call call = http.newCall(request);
        call.enqueue(new Callback() {
            @Override
            public void onFailure(Call failed, IOException e) {
                FilteringDns.RefusedAddress refused = refusal(e);
                if (refused != null) {
                    // the endpoint policy, after resolution: no retry can change that
                    result.completeExceptionally(new SwarmException(ErrorCode.INVALID_ARGUMENT, "will not call "
                            + endpoint + ": " + refused.getMessage(), Map.of("peer", endpoint)));
                    return;
                }
                result.completeExceptionally(e);
            }

            @Override
            public void onResponse(Call done, Response response) {
                try (response; ResponseBody body = response.body()) {
                    BufferedSource source = body.source();
                    if (source.request(MAX_RESPONSE_BYTES + 1L)) {
                        throw new IOException("answer larger than " + MAX_RESPONSE_BYTES + " bytes");
                    }
                    byte[] bytes = source.getBuffer().readByteArray();
                    result.complete(new PeerResponse(response.code(), bytes, response.header("Retry-After")));
                } catch (IOException | RuntimeException e) {
                    result.completeExceptionally(e);
                }
            }
        });
        return result;
    }

    /** The endpoint policy's refusal behind a failed call, if that is what it was. */
    private static FilteringDns.RefusedAddress refusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof FilteringDns.RefusedAddress refused) {
                return refused;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (suppressed instanceof FilteringDns.RefusedAddress refused) {
                    return refused;
                }
            }
        }
        return null;
    }

    private static String url(String endpoint, String path) {
        return endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) + path : endpoint + path;
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}

package dev.swarm.node.support;

import dev.swarm.node.bench.BoundSockets;
import dev.swarm.node.client.TrustStores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
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
 * An HTTP/2 client whose connections come from one loopback address of its choosing (127.0.0.2,
 * 127.0.0.3, ...), so a test can be two different hosts on one machine: an attacker and a member.
 * Every call must be answered within {@code timeout}, or it fails.
 */
public final class BoundClient implements AutoCloseable {
    private final OkHttpClient http;

    public BoundClient(String localAddress, Duration timeout) {
        try {
            InetAddress local = InetAddress.getByName(localAddress);
            X509TrustManager trust = TrustStores.trustManager(TestCa.get().caFile());
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new X509TrustManager[] {trust}, null);
            this.http = new OkHttpClient.Builder().sslSocketFactory(tls.getSocketFactory(), trust)
                    .socketFactory(new BoundSockets(local)).protocols(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1))
                    .callTimeout(timeout).retryOnConnectionFailure(false).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public RawClient.Answer get(String url) {
        return call(new Request.Builder().url(url).get().build());
    }

    public RawClient.Answer post(String url, byte[] body) {
        return call(new Request.Builder().url(url)
                .post(RequestBody.create(body, okhttp3.MediaType.get("application/json"))).build());
    }

    private RawClient.Answer call(Request request) {
        try (Response response = http.newCall(request).execute()) {
            return new RawClient.Answer(response.code(), response.protocol(), response.headers().toMultimap(),
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

    /** The value of a response header, or null. */
    public static String header(RawClient.Answer answer, String name) {
        for (Map.Entry<String, List<String>> entry : answer.headers().entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
                return entry.getValue().get(0);
            }
        }
        return null;
    }
}

package dev.swarm.node.bench;

import dev.swarm.node.client.TrustStores;
import dev.swarm.node.crypto.Ed25519;
import dev.swarm.node.identity.Identity;
import dev.swarm.node.messaging.Envelopes;
import dev.swarm.node.protocol.EnvelopeCodec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;

/**
 * The attacks made of whole request bodies, posted over HTTP/2 by a well-behaved client (OkHttp,
 * with flow control) from every attacker address, each keeping its share of {@link #STREAMS} streams
 * busy: a new post as soon as one is answered. Heap-shaped JSON, signed messages from a stranger,
 * or bodies that break a limit.
 */
final class BodyAttack implements Attack {
    /** Streams in flight at once over all addresses: the strongest heap attack. */
    static final int STREAMS = 192;
    private static final int BODY_LIMIT = 1_048_576;
    private static final MediaType JSON = MediaType.get("application/json");

    private final AttackKind kind;
    private final AttackTarget target;
    private final AttackCounters counters;
    private final List<OkHttpClient> clients = new ArrayList<>();
    private final List<byte[]> bodies;

    BodyAttack(AttackKind kind, AttackTarget target, AttackCounters counters) {
        this.kind = kind;
        this.target = target;
        this.counters = counters;
        for (String address : target.addresses()) {
            clients.add(client(address, target));
        }
        this.bodies = switch (kind) {
            case HEAP -> List.of(heapShaped());
            case REFUSED -> strangersMessages(target);
            case MALFORMED -> malformed();
            default -> throw new IllegalStateException(kind + " is not a body attack");
        };
    }

    @Override
    public int workers() {
        return target.addresses().size();
    }

    @Override
    public void run(int worker, BooleanSupplier stopped) throws InterruptedException {
        int share = Math.max(1, (STREAMS + workers() - 1) / workers());
        Semaphore inFlight = new Semaphore(share);
        OkHttpClient client = clients.get(worker);
        for (long i = worker; !stopped.getAsBoolean(); i += workers()) {
            if (!inFlight.tryAcquire(200, TimeUnit.MILLISECONDS)) {
                continue;
            }
            client.newCall(request(i)).enqueue(new Callback() {
                @Override
                public void onFailure(Call call, IOException e) {
                    counters.add("failed");
                    inFlight.release();
                }

                @Override
                public void onResponse(Call call, Response response) {
                    try (response) {
                        counters.status(response.code());
                    } finally {
                        inFlight.release();
                    }
                }
            });
            counters.add("requests");
        }
        inFlight.tryAcquire(share, 30, TimeUnit.SECONDS);
    }

    private Request request(long i) {
        byte[] body = bodies.get((int) (i % bodies.size()));
        RequestBody payload = kind == AttackKind.MALFORMED && i % bodies.size() == 1 ? streamed(body)
                : RequestBody.create(body, JSON);
        return new Request.Builder().url(target.endpoint() + "/message").header("X-Swarm-Protocol", "0.1.0")
                .post(payload).build();
    }

    /** {@code {"x":[{},{},...]}} of 1 MiB: about 20 times its size as a Jackson tree. */
    static byte[] heapShaped() {
        StringBuilder bomb = new StringBuilder("{\"x\":[");
        while (bomb.length() < BODY_LIMIT - 16) {
            bomb.append("{},");
        }
        return bomb.append("{}]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Fresh, well-signed messages from an agent the swarm does not list: refused as NOT_MEMBER. */
    private static List<byte[]> strangersMessages(AttackTarget target) {
        Identity stranger = new Identity("stranger", "https://stranger.bench.invalid/swarm",
                Ed25519.newSeed(new SecureRandom()));
        Envelopes envelopes = new Envelopes(stranger, Clock.systemUTC());
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            bodies.add(EnvelopeCodec.toBytes(envelopes.build(Envelopes.Draft.message(target.swarmId(),
                    target.recipient(), "let me in " + i))));
        }
        return bodies;
    }

    /** Over the limit with a Content-Length, over it without (streamed), nested too deep, invalid UTF-8. */
    private static List<byte[]> malformed() {
        byte[] oversized = new byte[BODY_LIMIT + 1];
        Arrays.fill(oversized, (byte) ' ');
        byte[] deep = "[".repeat(100_000).getBytes(StandardCharsets.US_ASCII);
        byte[] invalidUtf8 = "{\"content\":\"\u0000\u0000\"}".getBytes(StandardCharsets.US_ASCII);
        invalidUtf8[12] = (byte) 0xC3;
        invalidUtf8[13] = (byte) 0x28;
        return List.of(oversized, oversized, deep, invalidUtf8);
    }

    /** A body without a Content-Length: HTTP/2 DATA frames until the end. */
    private static RequestBody streamed(byte[] body) {
        return new RequestBody() {
            @Override
            public MediaType contentType() {
                return JSON;
            }

            @Override
            public long contentLength() {
                return -1;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                sink.write(body);
            }
        };
    }

    private static OkHttpClient client(String address, AttackTarget target) {
        try {
            Dispatcher dispatcher = new Dispatcher();
            dispatcher.setMaxRequests(STREAMS * 2);
            dispatcher.setMaxRequestsPerHost(STREAMS * 2);
            return new OkHttpClient.Builder()
                    .sslSocketFactory(H2Attacker.tlsTrusting(target.caFile()).getSocketFactory(),
                            TrustStores.trustManager(target.caFile()))
                    .socketFactory(new BoundSockets(InetAddress.getByName(address)))
                    .protocols(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1)).dispatcher(dispatcher)
                    .connectTimeout(Duration.ofSeconds(5)).callTimeout(Duration.ofSeconds(30))
                    .retryOnConnectionFailure(false).build();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + address, e);
        }
    }

    @Override
    public void close() {
        for (OkHttpClient client : clients) {
            client.dispatcher().cancelAll();
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }
}

package dev.swarm.node.server;

import dev.swarm.node.client.TrustStores;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes {@code swarm serve} answer sooner. Starting the public server and answering its first TLS
 * client is mostly one-time work of the JVM: loading and initialising several thousand classes of
 * Jetty, Javalin, HTTP/2 and TLS. Done in the background while the node opens its database, on the
 * other core, it is out of the way: the warm-up starts a throwaway copy of the public server (the same
 * connector and certificate, on a free loopback port, with constant answers), sends it one request
 * over HTTP/2 with TLS, and stops it. The real server is built afterwards as before; the warm-up
 * only leaves the JVM warmer. A warm-up that fails (a bad certificate, say) is ignored: the real start
 * reports the problem.
 */
public final class ServerWarmup {
    private static final Logger LOG = LoggerFactory.getLogger(ServerWarmup.class);
    private static final int TIMEOUT_MS = 5_000;

    private ServerWarmup() {
    }

    /** Starts the warm-up on a daemon thread and returns that thread. */
    public static Thread begin(ServerConfig config) {
        ServerConfig loopback = new ServerConfig("127.0.0.1", 0, config.tlsCert(), config.tlsKey(), config.limits());
        Thread thread = new Thread(() -> warm(loopback), "server-warmup");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** The warm-up itself, on the calling thread: true when the server started (and, with TLS, answered). */
    static boolean warm(ServerConfig loopback) {
        try (EmptyServer server = new EmptyServer(loopback)) {
            server.start();
            if (loopback.tls()) {
                request(loopback, server.port());
            }
            return true;
        } catch (RuntimeException | IOException | GeneralSecurityException e) {
            LOG.debug("server warm-up failed (the real start will say why, if it fails too)", e);
            return false;
        }
    }

    /**
     * One request over HTTP/2 with TLS, as peers make them, trusting only the certificate the server
     * was given (pinned, so the host name is not checked: the copy listens on 127.0.0.1).
     */
    private static void request(ServerConfig config, int port) throws IOException, GeneralSecurityException {
        X509Certificate own = TrustStores.readCertificates(config.tlsCert()).iterator().next();
        OwnCertificate trust = new OwnCertificate(own);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trust}, null);
        OkHttpClient client = new OkHttpClient.Builder().sslSocketFactory(context.getSocketFactory(), trust)
                .hostnameVerifier((host, session) -> true).protocols(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1))
                .callTimeout(Duration.ofMillis(TIMEOUT_MS)).build();
        try (Response response = client.newCall(new Request.Builder()
                .url("https://127.0.0.1:" + port + Routes.PREFIX + "/health").build()).execute()) {
            response.body().bytes();
        } finally {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }

    /** Accepts exactly one server certificate: the node's own. */
    private record OwnCertificate(X509Certificate own) implements X509TrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (chain.length == 0 || !chain[0].equals(own)) {
                throw new CertificateException("not the node's own certificate");
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("the warm-up is a client only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}

package dev.swarm.node.mcp;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.modelcontextprotocol.spec.McpServerSession;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import reactor.core.publisher.Mono;

/**
 * A transport provider (stdio here) whose one session is watched: {@link #awaitEnd} returns once the
 * session has closed, whatever closed it: the client closing stdin (how an MCP client says goodbye
 * to a server it started), a broken pipe, or input the SDK cannot read (it then stops reading). Without
 * this, a server whose session the SDK ended would wait for an end of input nobody reads any more.
 */
final class WatchedTransport implements McpServerTransportProvider {
    private final McpServerTransportProvider delegate;
    private final CountDownLatch ended = new CountDownLatch(1);

    WatchedTransport(McpServerTransportProvider delegate) {
        this.delegate = delegate;
    }

    /** Blocks until the session has closed. */
    void awaitEnd() throws InterruptedException {
        ended.await();
    }

    @Override
    public void setSessionFactory(McpServerSession.Factory factory) {
        delegate.setSessionFactory(transport -> factory.create(new Watched(transport)));
    }

    @Override
    public Mono<Void> notifyClients(String method, Object params) {
        return delegate.notifyClients(method, params);
    }

    @Override
    public Mono<Void> notifyClient(String sessionId, String method, Object params) {
        return delegate.notifyClient(sessionId, method, params);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return delegate.closeGracefully();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public List<String> protocolVersions() {
        return delegate.protocolVersions();
    }

    /** The session's transport: everything goes through, and closing it is noted. */
    private final class Watched implements McpServerTransport {
        private final McpServerTransport transport;

        Watched(McpServerTransport transport) {
            this.transport = transport;
        }

        @Override
        public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
            return transport.sendMessage(message);
        }

        @Override
        public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
            return transport.unmarshalFrom(data, typeRef);
        }

        @Override
        public Mono<Void> closeGracefully() {
            return transport.closeGracefully().doFinally(signal -> ended.countDown());
        }

        @Override
        public void close() {
            try {
                transport.close();
            } finally {
                ended.countDown();
            }
        }

        @Override
        public List<String> protocolVersions() {
            return transport.protocolVersions();
        }
    }
}

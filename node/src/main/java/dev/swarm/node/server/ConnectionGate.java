package dev.swarm.node.server;

import java.net.InetSocketAddress;
import java.util.function.Predicate;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.util.HostPort;

/**
 * Closes a TLS connection as it opens, before its handshake, when its source address has used up its
 * refusals ({@link Ingress#admitsConnection}): the handshake is the most expensive thing a stranger
 * can make the node do without sending a request, and an address that is refused anyway is owed none.
 * Only the TLS layer is looked at (the listener is told of every layer of every connection). Requests through a
 * local proxy are counted against the address it forwards, never its own, so its connections are not
 * shut out for its clients' refusals.
 */
final class ConnectionGate implements Connection.Listener {
    private final Predicate<String> admits;

    ConnectionGate(Predicate<String> admits) {
        this.admits = admits;
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof SslConnection
                && connection.getEndPoint().getRemoteSocketAddress() instanceof InetSocketAddress remote
                && remote.getAddress() != null
                // the form the servlet request's getRemoteAddr() gives, which Ingress is keyed by
                && !admits.test(HostPort.normalizeHost(remote.getAddress().getHostAddress()))) {
            connection.getEndPoint().close();
        }
    }
}

package dev.swarm.node.mcp;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;

/**
 * The client's side of stdio: tells when it has ended (end of file or a broken pipe), which is how an
 * MCP client says goodbye to a server it started.
 */
final class EndOfInput extends FilterInputStream {
    private final CountDownLatch ended = new CountDownLatch(1);

    EndOfInput(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        return watch(() -> super.read());
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        return watch(() -> super.read(buffer, offset, length));
    }

    /** Blocks until the input has ended. */
    void await() throws InterruptedException {
        ended.await();
    }

    private interface Read {
        int read() throws IOException;
    }

    private int watch(Read read) throws IOException {
        try {
            int result = read.read();
            if (result < 0) {
                ended.countDown();
            }
            return result;
        } catch (IOException e) {
            ended.countDown();
            throw e;
        }
    }
}

package dev.swarm.node.identity;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A child process for {@link ServeLockProbeTest}: holds the serve lock of the home in {@code args[0]}
 * and rewrites what the lock file says over and over, as a starting daemon does (first "starting",
 * then its API's address), until its standard input closes.
 */
public final class LockRewriter {
    private LockRewriter() {
    }

    public static void main(String[] args) throws IOException {
        AtomicBoolean done = new AtomicBoolean();
        Thread stdin = new Thread(() -> {
            try {
                System.in.readAllBytes();
            } catch (IOException e) {
                // the parent is gone
            }
            done.set(true);
        });
        stdin.setDaemon(true);
        stdin.start();
        try (ServeLock lock = ServeLock.acquire(new SwarmHome(Path.of(args[0])), "starting")) {
            System.out.println("held");
            System.out.flush();
            for (long i = 0; !done.get(); i++) {
                lock.describe((i % 2 == 0 ? "listening on 127.0.0.1:7443" : "listening on 127.0.0.1:7443, again"),
                        "http://127.0.0.1:4" + (i % 1000));
            }
        }
    }
}

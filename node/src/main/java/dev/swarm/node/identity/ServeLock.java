package dev.swarm.node.identity;

import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * An exclusive lock on {@code serve.lock}, held by a running {@code swarm serve} for its lifetime
 * (the OS drops it when the process dies, even by {@code kill -9}). One identity has at most one
 * daemon; other commands read the file to say whether one is running and where it listens.
 */
public final class ServeLock implements AutoCloseable {
    private static final String API_PREFIX = "api ";

    private final FileChannel channel;
    private final FileLock lock;

    private ServeLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static ServeLock acquire(SwarmHome home, String description) {
        try {
            SecureFiles.ensurePrivateDirectory(home.dir());
            FileChannel channel = FileChannel.open(home.serveLock(), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.READ);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new SwarmException(ErrorCode.CONFLICT, "swarm serve is already running for " + home.dir() + " ("
                        + holder(home).orElse("unknown") + ")");
            }
            ServeLock held = new ServeLock(channel, lock);
            held.describe(description, null);
            return held;
        } catch (IOException e) {
            throw new SwarmException(ErrorCode.CONFLICT, "cannot lock " + home.serveLock() + ": " + e.getMessage(),
                    null, e);
        }
    }

    /**
     * Rewrites what the lock file says: a first line for people ("pid N, listening on ...") and, once
     * the local API listens, a second line {@code api URL} for tools.
     */
    public void describe(String description, String apiUrl) throws IOException {
        String text = "pid " + ProcessHandle.current().pid() + ", " + description + "\n"
                + (apiUrl == null ? "" : API_PREFIX + apiUrl + "\n");
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(true);
    }

    /** The local API's base URL of the running daemon, or empty when none runs (or it has no API yet). */
    public static Optional<String> apiUrl(SwarmHome home) {
        if (holder(home).isEmpty()) {
            return Optional.empty();
        }
        try {
            return Files.readAllLines(home.serveLock(), StandardCharsets.UTF_8).stream()
                    .filter(line -> line.startsWith(API_PREFIX)).map(line -> line.substring(API_PREFIX.length()).strip())
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** What the running daemon wrote ("pid N, listening on ..."), or empty when none holds the lock. */
    public static Optional<String> holder(SwarmHome home) {
        if (!Files.exists(home.serveLock())) {
            return Optional.empty();
        }
        try (FileChannel channel = FileChannel.open(home.serveLock(), StandardOpenOption.WRITE,
                StandardOpenOption.READ)) {
            FileLock probe;
            try {
                probe = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                probe = null;
            }
            if (probe != null) {
                probe.release();
                return Optional.empty();
            }
            return Files.readAllLines(home.serveLock(), StandardCharsets.UTF_8).stream().findFirst().map(String::strip);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the OS releases the lock with the process anyway
        }
    }
}

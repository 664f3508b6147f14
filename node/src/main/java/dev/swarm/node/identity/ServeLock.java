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
            channel.truncate(0);
            String text = "pid " + ProcessHandle.current().pid() + ", " + description + "\n";
            channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(true);
            return new ServeLock(channel, lock);
        } catch (IOException e) {
            throw new SwarmException(ErrorCode.CONFLICT, "cannot lock " + home.serveLock() + ": " + e.getMessage(),
                    null, e);
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
            return Optional.of(Files.readString(home.serveLock(), StandardCharsets.UTF_8).strip());
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

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
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An exclusive lock on {@code serve.lock}, held by a running {@code swarm serve} for its lifetime
 * (the OS drops it when the process dies, even by {@code kill -9}). One identity has at most one
 * daemon; other commands read the file to say whether one is running and where it listens.
 *
 * <p>Asking whether a daemon runs must not disturb the answer. The check takes a <em>shared</em>
 * lock for an instant: it fails only against the daemon's exclusive lock, and many commands checking
 * at once never block each other. Checks inside one JVM take turns, since the JVM refuses two
 * overlapping locks of its own. A JVM that holds the lock answers from memory and never opens the
 * file again: closing any channel to a file drops all of that process's POSIX locks on it.
 */
public final class ServeLock implements AutoCloseable {
    private static final String API_PREFIX = "api ";
    private static final int ACQUIRE_ATTEMPTS = 20;
    private static final long ACQUIRE_PAUSE_MILLIS = 25;
    /** Reads of a lock file found mid-rewrite, a few milliseconds apart, before settling for what it says. */
    private static final int READ_ATTEMPTS = 50;
    private static final long READ_PAUSE_MILLIS = 2;
    private static final String UNREADABLE = "a swarm serve whose lock file is being rewritten";
    private static final Map<Path, ServeLock> HELD_HERE = new ConcurrentHashMap<>();
    private static final Object CHECKS = new Object();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private volatile String text = "";

    private ServeLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    public static ServeLock acquire(SwarmHome home, String description) {
        Path file = home.serveLock();
        try {
            SecureFiles.ensurePrivateDirectory(home.dir());
            synchronized (CHECKS) {
                if (HELD_HERE.containsKey(file)) {
                    throw alreadyRunning(home);
                }
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.READ);
                FileLock lock = null;
                // a command checking at this instant holds a shared lock for a moment: wait it out
                for (int attempt = 0; attempt < ACQUIRE_ATTEMPTS && lock == null; attempt++) {
                    lock = channel.tryLock();
                    if (lock == null) {
                        pause(ACQUIRE_PAUSE_MILLIS);
                    }
                }
                if (lock == null) {
                    channel.close();
                    throw alreadyRunning(home);
                }
                ServeLock held = new ServeLock(file, channel, lock);
                HELD_HERE.put(file, held);
                held.describe(description, null);
                return held;
            }
        } catch (IOException e) {
            throw new SwarmException(ErrorCode.CONFLICT, "cannot lock " + file + ": " + e.getMessage(), null, e);
        }
    }

    /**
     * Rewrites what the lock file says: a first line for people ("pid N, listening on ...") and, once
     * the local API listens, a second line {@code api URL} for tools. Another process reading it in
     * between the truncation and the write finds it empty, and reads it again ({@link #lines}).
     */
    public void describe(String description, String apiUrl) throws IOException {
        String newText = "pid " + ProcessHandle.current().pid() + ", " + description + "\n"
                + (apiUrl == null ? "" : API_PREFIX + apiUrl + "\n");
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(newText.getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(true);
        text = newText;
    }

    /** The local API's base URL of the running daemon, or empty when none runs (or it has no API yet). */
    public static Optional<String> apiUrl(SwarmHome home) {
        return lines(home).stream().filter(line -> line.startsWith(API_PREFIX))
                .map(line -> line.substring(API_PREFIX.length()).strip()).findFirst();
    }

    /** What the running daemon wrote ("pid N, listening on ..."), or empty when none holds the lock. */
    public static Optional<String> holder(SwarmHome home) {
        return lines(home).stream().findFirst().map(String::strip);
    }

    /** The lock file's lines when a daemon holds the lock, else nothing. */
    private static List<String> lines(SwarmHome home) {
        Path file = home.serveLock();
        ServeLock mine = HELD_HERE.get(file);
        if (mine != null) {
            return mine.text.lines().toList();
        }
        synchronized (CHECKS) {
            mine = HELD_HERE.get(file);
            if (mine != null) {
                return mine.text.lines().toList();
            }
            for (int attempt = 1; ; attempt++) {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                    FileLock probe = channel.tryLock(0, Long.MAX_VALUE, true);
                    if (probe != null) {
                        probe.release();
                        return List.of();
                    }
                    // held: a daemon runs, whatever the file says at this instant
                    String text = Files.readString(file, StandardCharsets.UTF_8);
                    if (text.endsWith("\n")) {
                        return text.lines().toList();
                    }
                    if (attempt == READ_ATTEMPTS) {
                        return text.isBlank() ? List.of(UNREADABLE) : text.lines().toList();
                    }
                } catch (OverlappingFileLockException | IOException e) { // no file (NoSuchFileException) too
                    return List.of();
                }
                // the daemon is rewriting it (describe truncates, then writes): read it again
                pause(READ_PAUSE_MILLIS);
            }
        }
    }

    private static SwarmException alreadyRunning(SwarmHome home) {
        return new SwarmException(ErrorCode.CONFLICT, "swarm serve is already running for " + home.dir() + " ("
                + holder(home).orElse("unknown") + ")");
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        synchronized (CHECKS) {
            HELD_HERE.remove(file, this);
            try {
                lock.release();
                channel.close();
            } catch (IOException e) {
                // the OS releases the lock with the process anyway
            }
        }
    }
}

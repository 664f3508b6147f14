package dev.swarm.node.state;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The node's SQLite file. WAL so readers never wait for the writer; {@code synchronous=FULL} so a
 * committed transaction survives power loss; {@code foreign_keys=on}; a long busy timeout and
 * {@code BEGIN IMMEDIATE} for every write transaction, so processes sharing the file (the CLI and
 * {@code swarm serve}) queue for the write lock instead of failing with "database is locked".
 *
 * <p>Work is done through {@link #read} and {@link #write}, which hand a {@link Store} bound to one
 * connection to the caller and close it afterwards; no Jdbi handle escapes.
 */
public final class Database implements AutoCloseable {
    /** The newest schema this code knows; a newer file is refused. */
    public static final int SCHEMA_VERSION = Migrations.LATEST;
    private static final int BUSY_TIMEOUT_MS = 60_000;
    /**
     * Pages of WAL a commit lets accumulate before it copies them back into the database file (SQLite's
     * default is 1,000, about 4 MiB). A received message dirties a leaf page in each of its indexes, most
     * of them at random places (message ids are random); between checkpoints far apart the same pages
     * are written to the file once instead of again and again. Measured: about 15 µs less CPU per stored
     * message at 8,000 pages (docs/performance.md). The WAL file grows to about 32 MiB and is reused.
     */
    static final int WAL_AUTOCHECKPOINT_PAGES = 8_000;

    private final Path file;
    private final Jdbi writer;
    private final Jdbi relaxedWriter;
    private final Jdbi reader;
    private final Pools pools;
    /**
     * Writers of this process take turns in arrival order. SQLite's own busy handler lets a waiting
     * connection sleep and poll, so a thread committing in a tight loop could starve another (the
     * inbox writer) indefinitely; the fair lock queues them instead. Other processes still meet the
     * busy timeout, which is enough for commands that write once.
     */
    private final ReentrantLock writeTurn = new ReentrantLock(true);

    private Database(Path file, Jdbi writer, Jdbi relaxedWriter, Jdbi reader, Pools pools) {
        this.file = file;
        this.writer = writer;
        this.relaxedWriter = relaxedWriter;
        this.reader = reader;
        this.pools = pools;
    }

    /**
     * Starts initialising SQLite and Jdbi on a background thread, for a command that will open the
     * database once it has read its settings and arguments: loading the native library and the first
     * Jdbi statement (its configuration, mappers, statement machinery) take about a tenth of a second
     * of one-time work, which then runs on the other core meanwhile. It touches no file: one query on
     * a private in-memory database. Harmless if the database is never opened; errors are left for the
     * real open to report.
     *
     * @return the started thread, for a caller (a test) that waits for the work to be done
     */
    public static Thread warmUp() {
        Thread thread = new Thread(() -> {
            try {
                SqliteNative.prepare();
                SQLiteDataSource memory = new SQLiteDataSource();
                memory.setUrl("jdbc:sqlite::memory:");
                Jdbi.create(memory).withHandle(handle -> handle.createQuery("SELECT :one").bind("one", 1)
                        .mapTo(Integer.class).one());
            } catch (RuntimeException e) {
                // the real open reports what is wrong
            }
        }, "database-warmup");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Opens (creating if needed) and migrates the database file. */
    public static Database open(Path file) {
        boolean created = !Files.exists(file);
        SqliteNative.prepare();
        Pools pools = new Pools(file);
        Database database = new Database(file, Jdbi.create(pools.writer), Jdbi.create(pools.relaxedWriter),
                Jdbi.create(pools.reader), pools);
        try {
            database.writer.useHandle(Migrations::apply);
        } catch (JdbiException e) {
            pools.close();
            throw new SwarmException(ErrorCode.CONFIG_INVALID, "cannot open the database " + file + ": "
                    + e.getMessage(), null, e);
        } catch (RuntimeException e) {
            pools.close();
            throw e;
        }
        if (created) {
            restrictPermissions(file);
        }
        return database;
    }

    public Path file() {
        return file;
    }

    /** Runs {@code work} in one read transaction (a consistent snapshot). */
    public <T> T read(Function<Store, T> work) {
        return reader.inTransaction(handle -> work.apply(new Store(handle)));
    }

    /** Runs {@code work} in one write transaction, begun IMMEDIATE; all or nothing. */
    public <T> T write(Function<Store, T> work) {
        writeTurn.lock();
        try {
            return writer.inTransaction(handle -> work.apply(new Store(handle)));
        } finally {
            writeTurn.unlock();
        }
    }

    /**
     * Like {@link #write}, but the commit is not flushed to disk at once ({@code synchronous=NORMAL}):
     * it survives a crash of this process, and the next {@link #write} makes it durable, but a power
     * cut may undo it. Only for bookkeeping whose loss is harmless: delivery claims and outcomes (at
     * worst a message is sent again, and receivers store a message id once). Never for a message a
     * user handed over or a peer was told is stored.
     */
    public <T> T writeRelaxed(Function<Store, T> work) {
        writeTurn.lock();
        try {
            return relaxedWriter.inTransaction(handle -> work.apply(new Store(handle)));
        } finally {
            writeTurn.unlock();
        }
    }

    /**
     * A connection held open by one owner (the inbox writer), for many write transactions without
     * reopening the file each time. The owner must use it from one thread at a time.
     */
    public Session openSession() {
        return new Session(writer.open(), writeTurn);
    }

    /** Closes the pooled connections; units of work still running finish first. */
    @Override
    public void close() {
        pools.close();
    }

    /**
     * Pooled connections, one pool per kind: opening a SQLite connection and applying its pragmas costs
     * about half a millisecond, far more than a small query. Connections are made on first use and kept
     * (so a short command opens only what it uses); one housekeeping thread serves every pool.
     */
    private static final class Pools implements AutoCloseable {
        private static final ScheduledExecutorService HOUSEKEEPING = Executors.newSingleThreadScheduledExecutor(
                runnable -> {
                    Thread thread = new Thread(runnable, "sqlite-pool-housekeeping");
                    thread.setDaemon(true);
                    return thread;
                });

        final HikariDataSource writer;
        final HikariDataSource relaxedWriter;
        final HikariDataSource reader;

        Pools(Path file) {
            writer = pool(file, "writer", SQLiteConfig.TransactionMode.IMMEDIATE, SQLiteConfig.SynchronousMode.FULL, 2);
            relaxedWriter = pool(file, "relaxed-writer", SQLiteConfig.TransactionMode.IMMEDIATE,
                    SQLiteConfig.SynchronousMode.NORMAL, 2);
            reader = pool(file, "reader", SQLiteConfig.TransactionMode.DEFERRED, SQLiteConfig.SynchronousMode.FULL, 4);
        }

        private static HikariDataSource pool(Path file, String name, SQLiteConfig.TransactionMode mode,
                                             SQLiteConfig.SynchronousMode synchronous, int size) {
            HikariConfig config = new HikariConfig();
            config.setDataSource(dataSource(file, mode, synchronous));
            config.setPoolName("sqlite-" + name);
            config.setMaximumPoolSize(size);
            config.setMinimumIdle(0);
            config.setIdleTimeout(TimeUnit.MINUTES.toMillis(10));
            config.setMaxLifetime(0);
            config.setConnectionTimeout(BUSY_TIMEOUT_MS);
            config.setInitializationFailTimeout(-1);
            config.setScheduledExecutor(HOUSEKEEPING);
            return new HikariDataSource(config);
        }

        @Override
        public void close() {
            writer.close();
            relaxedWriter.close();
            reader.close();
        }
    }

    /** A long-lived write connection; see {@link #openSession()}. */
    public static final class Session implements AutoCloseable {
        private final Handle handle;
        private final ReentrantLock writeTurn;

        private Session(Handle handle, ReentrantLock writeTurn) {
            this.handle = handle;
            this.writeTurn = writeTurn;
        }

        private ReceiveStatements statements;

        public <T> T write(Function<Store, T> work) {
            writeTurn.lock();
            try {
                return handle.inTransaction(h -> work.apply(new Store(h)));
            } finally {
                writeTurn.unlock();
            }
        }

        /** The receive path's prepared statements on this connection; use them inside {@link #write}. */
        public ReceiveStatements statements() {
            if (statements == null) {
                statements = new ReceiveStatements(handle.getConnection());
            }
            return statements;
        }

        @Override
        public void close() {
            if (statements != null) {
                statements.close();
            }
            handle.close();
        }
    }

    private static SQLiteDataSource dataSource(Path file, SQLiteConfig.TransactionMode mode,
                                               SQLiteConfig.SynchronousMode synchronous) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(synchronous);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.setTransactionMode(mode);
        config.setPragma(SQLiteConfig.Pragma.WAL_AUTOCHECKPOINT, Integer.toString(WAL_AUTOCHECKPOINT_PAGES));
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        return dataSource;
    }

    private static void restrictPermissions(Path file) {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        for (Path each : List.of(file, Path.of(file + "-wal"), Path.of(file + "-shm"))) {
            try {
                if (Files.exists(each)) {
                    Files.setPosixFilePermissions(each, PosixFilePermissions.fromString("rw-------"));
                }
            } catch (IOException e) {
                // the directory is 0700 already; tighter file modes are a second fence, not the first
            }
        }
    }

    static String resource(String name) {
        try (InputStream in = Database.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource " + name, e);
        }
    }
}

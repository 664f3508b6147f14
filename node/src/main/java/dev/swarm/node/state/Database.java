package dev.swarm.node.state;

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

    private final Path file;
    private final Jdbi writer;
    private final Jdbi reader;

    private Database(Path file, Jdbi writer, Jdbi reader) {
        this.file = file;
        this.writer = writer;
        this.reader = reader;
    }

    /** Opens (creating if needed) and migrates the database file. */
    public static Database open(Path file) {
        boolean created = !Files.exists(file);
        Jdbi writer = Jdbi.create(dataSource(file, SQLiteConfig.TransactionMode.IMMEDIATE));
        Jdbi reader = Jdbi.create(dataSource(file, SQLiteConfig.TransactionMode.DEFERRED));
        Database database = new Database(file, writer, reader);
        try {
            writer.useHandle(Migrations::apply);
        } catch (JdbiException e) {
            throw new SwarmException(ErrorCode.CONFIG_INVALID, "cannot open the database " + file + ": "
                    + e.getMessage(), null, e);
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
        return writer.inTransaction(handle -> work.apply(new Store(handle)));
    }

    /**
     * A connection held open by one owner (the inbox writer), for many write transactions without
     * reopening the file each time. The owner must use it from one thread at a time.
     */
    public Session openSession() {
        return new Session(writer.open());
    }

    @Override
    public void close() {
        // Connections are opened per unit of work and closed by Jdbi; nothing is pooled.
    }

    /** A long-lived write connection; see {@link #openSession()}. */
    public static final class Session implements AutoCloseable {
        private final Handle handle;

        private Session(Handle handle) {
            this.handle = handle;
        }

        public <T> T write(Function<Store, T> work) {
            return handle.inTransaction(h -> work.apply(new Store(h)));
        }

        @Override
        public void close() {
            handle.close();
        }
    }

    private static SQLiteDataSource dataSource(Path file, SQLiteConfig.TransactionMode mode) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.setTransactionMode(mode);
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

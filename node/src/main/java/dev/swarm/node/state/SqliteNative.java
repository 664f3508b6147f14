package dev.swarm.node.state;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * Where SQLite's native library is loaded from. By default sqlite-jdbc copies it out of the jar into
 * the temporary directory on every start, under a random name, comparing checksums: about a tenth of
 * a second of every command. When the launcher names a directory of its own in the system property
 * {@value #DIRECTORY_PROPERTY}, the library is copied there once per sqlite-jdbc version (written to a
 * temporary file and renamed, so no process ever loads half a copy) and loaded from there afterwards.
 * The directory must be writable only by whoever runs the node (the launcher uses its build
 * directory); if anything goes wrong, sqlite-jdbc's own way is used.
 */
final class SqliteNative {
    static final String DIRECTORY_PROPERTY = "swarm.native.dir";

    private static boolean prepared;

    private SqliteNative() {
    }

    /** Points sqlite-jdbc at the kept copy of its library, making it first if needed. Idempotent. */
    static synchronized void prepare() {
        if (prepared) {
            return;
        }
        prepared = true;
        String directory = System.getProperty(DIRECTORY_PROPERTY);
        if (directory == null || directory.isBlank() || System.getProperty("org.sqlite.lib.path") != null) {
            return;
        }
        Path library;
        try {
            library = library(Path.of(directory));
        } catch (IOException | RuntimeException e) {
            return;
        }
        System.setProperty("org.sqlite.lib.path", library.getParent().toString());
        System.setProperty("org.sqlite.lib.name", library.getFileName().toString());
    }

    /** The kept copy of this platform's library under {@code directory}, copied there first if missing. */
    static Path library(Path directory) throws IOException {
        String resource = LibraryLoaderUtil.getNativeLibResourcePath();
        String name = LibraryLoaderUtil.getNativeLibName();
        Path folder = directory.resolve("sqlite-jdbc-" + SQLiteJDBCLoader.getVersion())
                .resolve(resource.replace('/', '_'));
        Path library = folder.resolve(name);
        if (!Files.isRegularFile(library)) {
            extract(resource + "/" + name, folder, library);
        }
        return library;
    }

    private static void extract(String resource, Path folder, Path library) throws IOException {
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no native library " + resource + " in the jar");
            }
            Files.createDirectories(folder);
            Path partial = Files.createTempFile(folder, name(library), ".partial");
            try {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                Files.move(partial, library, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(partial);
            }
        }
    }

    private static String name(Path library) {
        return library.getFileName().toString();
    }
}

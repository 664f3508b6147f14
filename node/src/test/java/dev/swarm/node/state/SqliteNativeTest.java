package dev.swarm.node.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/** SQLite's native library kept in a directory of the launcher's instead of copied out at every start. */
class SqliteNativeTest {
    @TempDir
    Path dir;

    @Test
    void copiesThisPlatformsLibraryOnceAndKeepsIt() throws IOException {
        Path library = SqliteNative.library(dir);

        String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName();
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
            assertThat(Files.readAllBytes(library)).isEqualTo(in.readAllBytes());
        }
        assertThat(library.toString()).contains("sqlite-jdbc-" + SQLiteJDBCLoader.getVersion());
        Files.setLastModifiedTime(library, FileTime.fromMillis(0));

        assertThat(SqliteNative.library(dir)).isEqualTo(library);
        assertThat(Files.getLastModifiedTime(library).toMillis()).as("not copied again").isZero();
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile).toList()).as("no partial copy left").containsExactly(library);
        }
    }

    @Test
    void aNodeStartedWithTheDirectoryLoadsSqliteFromTheKeptCopy() throws Exception {
        Path natives = dir.resolve("native");
        Path database = dir.resolve("node.db");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-D" + SqliteNative.DIRECTORY_PROPERTY + "=" + natives, "-cp", System.getProperty("java.class.path"),
                SqliteNativeProbe.class.getName(), database.toString())
                .redirectErrorStream(true).start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<String> lines = new String(child.getInputStream().readAllBytes()).lines().toList();

        assertThat(child.exitValue()).as(String.join("\n", lines)).isZero();
        assertThat(lines).contains("schema " + Database.SCHEMA_VERSION + ", swarms 0");
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("library " + natives));
        assertThat(Files.isRegularFile(SqliteNative.library(natives))).isTrue();
    }
}

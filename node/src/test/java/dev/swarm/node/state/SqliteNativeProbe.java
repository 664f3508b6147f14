package dev.swarm.node.state;

import java.nio.file.Path;

/** Run in a child JVM by {@link SqliteNativeTest}: opens a database and says where SQLite came from. */
public final class SqliteNativeProbe {
    private SqliteNativeProbe() {
    }

    public static void main(String[] args) {
        try (Database database = Database.open(Path.of(args[0]))) {
            int swarms = database.read(store -> store.swarms().all().size());
            System.out.println("schema " + Database.SCHEMA_VERSION + ", swarms " + swarms);
            System.out.println("library " + System.getProperty("org.sqlite.lib.path"));
        }
    }
}

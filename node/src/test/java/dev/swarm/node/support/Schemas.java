package dev.swarm.node.support;

import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.resource.InputStreamSource;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates documents against the JSON Schemas in {@code schemas/} (draft 2020-12). The folder comes
 * from the {@code swarm.schemas.dir} system property that Maven sets, or is found by walking up.
 */
public final class Schemas {
    /*
     * json-schema-validator 3 loads nothing but its own meta-schemas unless told how: this loader
     * serves file: IRIs (the schemas and the files their relative $refs name) and nothing remote.
     */
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.resourceLoaders(loaders -> loaders.add(Schemas::file)));
    private static final Map<String, Schema> CACHE = new ConcurrentHashMap<>();

    private Schemas() {
    }

    public static Path dir() {
        String configured = System.getProperty("swarm.schemas.dir");
        if (configured != null && Files.isDirectory(Path.of(configured))) {
            return Path.of(configured);
        }
        Path here = Path.of("").toAbsolutePath();
        while (here != null) {
            if (Files.isDirectory(here.resolve("schemas")) && Files.exists(here.resolve("pom.xml"))) {
                return here.resolve("schemas");
            }
            here = here.getParent();
        }
        throw new IllegalStateException("cannot find the schemas/ folder");
    }

    private static InputStreamSource file(AbsoluteIri iri) {
        if (!"file".equals(iri.getScheme())) {
            return null;
        }
        Path path = Path.of(URI.create(iri.toString()));
        return Files.isRegularFile(path) ? () -> Files.newInputStream(path) : null;
    }

    /** The schema's complaints about {@code json}; empty when it is valid. */
    public static List<String> errors(String schemaFile, String json) {
        Schema schema = CACHE.computeIfAbsent(schemaFile, name -> {
            Path file = dir().resolve(name);
            if (!Files.exists(file)) {
                throw new IllegalArgumentException("no schema " + file);
            }
            return REGISTRY.getSchema(SchemaLocation.of(file.toUri().toString()));
        });
        return schema.validate(json, InputFormat.JSON).stream().map(Error::toString).toList();
    }

    /** Throws an AssertionError listing the complaints when {@code json} does not match the schema. */
    public static void assertValid(String schemaFile, String json) {
        List<String> errors = errors(schemaFile, json);
        if (!errors.isEmpty()) {
            throw new AssertionError(schemaFile + " rejects the document:\n  " + String.join("\n  ", errors)
                    + "\ndocument: " + json);
        }
    }

    public static void assertInvalid(String schemaFile, String json) {
        if (errors(schemaFile, json).isEmpty()) {
            throw new AssertionError(schemaFile + " accepts a document it should reject: " + json);
        }
    }
}

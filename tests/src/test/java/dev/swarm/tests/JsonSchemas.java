package dev.swarm.tests;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.swarm.node.support.Schemas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates documents against the files in {@code schemas/} (draft 2020-12), found where the shared
 * {@link Schemas} fixture finds them. Unlike that fixture it lets the validator read local files:
 * json-schema-validator 3 refuses to load any {@code file:} location by default (every lookup ends
 * in FileNotFoundException), so the loader here allows exactly the files under {@code schemas/}.
 */
final class JsonSchemas {
    private static final Map<String, Schema> CACHE = new ConcurrentHashMap<>();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12, registry -> registry.schemaLoader(loader -> loader
                    .fetchRemoteResources()
                    .allow(iri -> iri.toString().startsWith(Schemas.dir().toUri().toString()))));

    private JsonSchemas() {
    }

    /** The schema's complaints about {@code json}; empty when it is valid. */
    static List<String> errors(String schemaFile, String json) {
        Schema schema = CACHE.computeIfAbsent(schemaFile, name -> {
            Path file = Schemas.dir().resolve(name);
            if (!Files.exists(file)) {
                throw new AssertionError("no schema " + file);
            }
            return REGISTRY.getSchema(SchemaLocation.of(file.toUri().toString()));
        });
        return schema.validate(json, InputFormat.JSON).stream().map(Error::toString).toList();
    }

    /** Throws an AssertionError listing the complaints when {@code json} does not match the schema. */
    static void assertValid(String schemaFile, String json) {
        List<String> errors = errors(schemaFile, json);
        if (!errors.isEmpty()) {
            throw new AssertionError(schemaFile + " rejects the document:\n  " + String.join("\n  ", errors)
                    + "\ndocument: " + json);
        }
    }
}

package dev.swarm.node.mcp;

import dev.swarm.node.lease.Git;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What the lease tools share: the repository argument (or the git remote where swarm mcp runs) and path lists. */
final class LeaseArguments {
    static final String REPO = "The repository, as owner/repo. Leave it out to use the git remote (origin first) of the"
            + " directory swarm mcp runs in.";
    static final String LEASE_ID = "The lease's id (lease_id in swarm_lease_list or in what swarm_lease_take"
            + " returned).";
    static final Map<String, Object> PATH_ITEM = Map.of("type", "string", "minLength", 1, "maxLength", 4096);

    private LeaseArguments() {
    }

    static String repo(Arguments arguments) {
        String repo = arguments.string("repo");
        return repo != null ? repo : new Git(Path.of("").toAbsolutePath()).repository();
    }

    /** A list of strings, refused with {@code details.field} when an item is not a string. */
    static List<String> strings(Arguments arguments, String name) {
        List<?> given = arguments.list(name);
        List<String> strings = new ArrayList<>();
        if (given == null) {
            return strings;
        }
        for (Object item : given) {
            if (!(item instanceof String text)) {
                throw Arguments.invalid(name, "argument '" + name + "' must be an array of strings");
            }
            strings.add(text);
        }
        return strings;
    }
}

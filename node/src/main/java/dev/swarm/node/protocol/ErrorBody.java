package dev.swarm.node.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.swarm.node.error.SwarmException;
import java.util.Map;

/** The protocol's error body: {@code {"error":{"code","message","details"}}}, details null when empty. */
public record ErrorBody(Detail error) {

    public static ErrorBody of(SwarmException e) {
        return new ErrorBody(new Detail(e.code().name(), e.getMessage(), e.details()));
    }

    /** The inside of the error body. */
    public record Detail(
            String code,
            String message,
            @JsonInclude(JsonInclude.Include.ALWAYS) Map<String, Object> details) {
    }
}

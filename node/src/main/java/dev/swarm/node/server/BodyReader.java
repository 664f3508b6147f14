package dev.swarm.node.server;

import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body but never more than the limit: an oversized body is refused, not buffered. */
final class BodyReader {
    private BodyReader() {
    }

    static byte[] read(Context ctx, long limit) {
        String declared = ctx.header("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > limit) {
                    throw tooLarge(limit);
                }
            } catch (NumberFormatException e) {
                throw new SwarmException(ErrorCode.INVALID_FORMAT, "Content-Length is not a number");
            }
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (body.length > limit) {
                throw tooLarge(limit);
            }
            return body;
        } catch (IOException e) {
            throw new SwarmException(ErrorCode.INVALID_FORMAT, "could not read the request body");
        }
    }

    private static SwarmException tooLarge(long limit) {
        return new SwarmException(ErrorCode.PAYLOAD_TOO_LARGE, "request body is larger than " + limit + " bytes");
    }
}

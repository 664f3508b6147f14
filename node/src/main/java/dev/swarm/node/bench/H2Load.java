package dev.swarm.node.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's {@code h2load} (package {@code nghttp2-client}) for GETs over HTTP/2 with TLS: it sends
 * one fixed request (and one fixed body at most), so it measures {@code /swarm/health} over the same
 * protocol the built-in generator uses, not messages, which must each be fresh.
 */
final class H2Load {
    private static final Pattern RATE = Pattern.compile("finished in ([0-9.]+)(us|ms|s), ([0-9.]+) req/s");
    private static final Pattern REQUESTS = Pattern.compile(
            "requests: (\\d+) total, (\\d+) started, (\\d+) done, (\\d+) succeeded, (\\d+) failed, (\\d+) errored");

    private H2Load() {
    }

    /** Requests answered 2xx, failed, and per second. */
    record Run(double seconds, long succeeded, long failed, double perSecond) {
    }

    static boolean installed() {
        try {
            Process probe = new ProcessBuilder("h2load", "--version").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code clients} connections on {@code threads} threads, one stream at a time each, for {@code seconds}. */
    static Run run(String url, int threads, int clients, int seconds) {
        try {
            Process h2load = new ProcessBuilder(List.of("h2load", "-t", Integer.toString(threads), "-c",
                    Integer.toString(clients), "-m", "1", "-D", Integer.toString(seconds), url))
                    .redirectErrorStream(true).start();
            String output = new String(h2load.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!h2load.waitFor(seconds + 60L, TimeUnit.SECONDS)) {
                h2load.destroyForcibly();
                throw new IllegalStateException("h2load did not finish: " + output);
            }
            return parse(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static Run parse(String output) {
        Matcher rate = RATE.matcher(output);
        Matcher requests = REQUESTS.matcher(output);
        if (!rate.find() || !requests.find()) {
            throw new IllegalStateException("h2load printed no result: " + output);
        }
        double seconds = Double.parseDouble(rate.group(1)) / switch (rate.group(2)) {
            case "us" -> 1e6;
            case "ms" -> 1e3;
            default -> 1;
        };
        long succeeded = Long.parseLong(requests.group(4));
        long failed = Long.parseLong(requests.group(5)) + Long.parseLong(requests.group(6));
        return new Run(seconds, succeeded, failed, seconds == 0 ? 0 : succeeded / seconds);
    }
}

package dev.swarm.node.jmh;

import dev.swarm.node.crypto.EnvelopeSignature;
import dev.swarm.node.protocol.EndpointPolicy;
import dev.swarm.node.protocol.EnvelopeCodec;
import dev.swarm.node.protocol.Json;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Reading a message: the JSON tree, the envelope codec with every field check, and RFC 8785 canonical bytes. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ParseBenchmark {
    private SignedMessage message;
    private EndpointPolicy endpoints;

    @Setup
    public void setUp() {
        message = SignedMessage.create();
        endpoints = new EndpointPolicy(false);
    }

    /** Jackson alone: bytes to a tree. */
    @Benchmark
    public Object jsonParse() throws IOException {
        return Json.readTree(message.body);
    }

    /** What the receive path does first: parse and check every field of the envelope. */
    @Benchmark
    public Object envelopeParse() {
        return EnvelopeCodec.parse(message.body, endpoints);
    }

    /** The bytes the full-envelope signature covers. */
    @Benchmark
    public byte[] canonicalise() {
        return EnvelopeSignature.canonicalBytes(message.tree);
    }
}

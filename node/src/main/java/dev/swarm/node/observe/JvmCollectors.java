package dev.swarm.node.observe;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The JVM's and the process's metrics (memory, GC, threads, CPU, open files), registered once per
 * process: they describe the process, not a node, and each registration adds JMX listeners that would
 * pile up in a JVM that opens many nodes (the tests).
 */
final class JvmCollectors {
    private JvmCollectors() {
    }

    static PrometheusRegistry registry() {
        return Holder.REGISTRY;
    }

    private static final class Holder {
        static final PrometheusRegistry REGISTRY = create();

        private static PrometheusRegistry create() {
            PrometheusRegistry registry = new PrometheusRegistry();
            JvmMetrics.builder().register(registry);
            return registry;
        }
    }
}

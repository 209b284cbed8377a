package org.tearline.server;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.tearline.http.Reply;

/** Health and metrics: unauthenticated, and revealing nothing about what is stored. */
final class OpsEndpoints {

    private final BooleanSupplier storeHealthy;
    private final PrometheusMeterRegistry registry;

    OpsEndpoints(BooleanSupplier storeHealthy, PrometheusMeterRegistry registry) {
        this.storeHealthy = storeHealthy;
        this.registry = registry;
    }

    /** {@code {"status":"ok"}} with 200, or 503 when the store does not answer. */
    Reply health() {
        boolean ok = storeHealthy.getAsBoolean();
        String body =
                ok ? "{\"status\":\"ok\",\"store\":\"ok\"}" : "{\"status\":\"unavailable\",\"store\":\"unreachable\"}";
        return new Reply(
                ok ? 200 : 503, "application/json", body.getBytes(StandardCharsets.UTF_8), Map.of(), "health", null);
    }

    /** Prometheus text exposition. */
    Reply metrics() {
        return new Reply(
                200,
                "text/plain; version=0.0.4; charset=utf-8",
                registry.scrape().getBytes(StandardCharsets.UTF_8),
                Map.of(),
                "metrics",
                null);
    }
}

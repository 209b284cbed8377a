package org.tearline.server;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.BooleanSupplier;
import org.tearline.api.ApiHandler;
import org.tearline.taxii.TaxiiHandler;
import org.tearline.web.WebHandler;

/** Assembles the HTTP server from the edges it serves. */
public final class Servers {

    private Servers() {}

    /**
     * The server with the TAXII API, the producer's API, the operations endpoints and, unless
     * {@code console} is null, the web console. {@code /metrics} is served on the management
     * listener when {@code settings} has one, else on the main port when {@code metricsToken}
     * is set (and asked for), else nowhere. {@code publicUrl} (or null) starts every absolute
     * URL the server writes. {@code storeHealthy} answers whether the store answers, for
     * {@code /healthz}.
     */
    public static HttpServer build(
            HttpServer.Settings settings,
            String publicUrl,
            TaxiiHandler taxii,
            ApiHandler api,
            WebHandler console,
            BooleanSupplier storeHealthy,
            PrometheusMeterRegistry metrics,
            boolean metricsEnabled,
            String metricsToken) {
        boolean onMainPort = settings.managementPort() == null && metricsToken != null;
        return new HttpServer(
                settings,
                new RootHandler(
                        taxii,
                        api,
                        console,
                        new OpsEndpoints(storeHealthy, metrics),
                        metrics,
                        metricsEnabled,
                        metricsToken,
                        onMainPort,
                        publicUrl,
                        settings.tls()));
    }
}

package org.tearline.server;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.tearline.api.ApiHandler;
import org.tearline.store.Store;
import org.tearline.taxii.TaxiiHandler;
import org.tearline.web.WebHandler;

/** Assembles the HTTP server from the edges it serves. */
public final class Servers {

    private Servers() {
    }

    /**
     * The server with the TAXII API, the producer's API, the operations endpoints and, unless
     * {@code console} is null, the web console. {@code /metrics} is served on the management
     * listener when {@code settings} has one, else on the main port when {@code metricsToken}
     * is set (and asked for), else nowhere. {@code publicUrl} (or null) starts every absolute
     * URL the server writes.
     */
    public static HttpServer build(HttpServer.Settings settings, String publicUrl,
            TaxiiHandler taxii, ApiHandler api, WebHandler console, Store store,
            PrometheusMeterRegistry metrics, boolean metricsEnabled, String metricsToken) {
        boolean onMainPort = settings.managementPort() == null && metricsToken != null;
        return new HttpServer(settings, new RootHandler(taxii, api, console,
                new OpsEndpoints(store, metrics), metrics, metricsEnabled, metricsToken,
                onMainPort, publicUrl, settings.tls()));
    }
}

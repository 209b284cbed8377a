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
     * {@code console} is null, the web console.
     */
    public static HttpServer build(HttpServer.Settings settings, TaxiiHandler taxii,
            ApiHandler api, WebHandler console, Store store, PrometheusMeterRegistry metrics,
            boolean metricsEnabled) {
        return new HttpServer(settings, new RootHandler(taxii, api, console,
                new OpsEndpoints(store, metrics), metrics, metricsEnabled));
    }
}

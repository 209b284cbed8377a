/**
 * The HTTP server: Jetty with TLS 1.2+ from PEM files (or plain HTTP only where that is safe),
 * the root handler that routes to the TAXII edge and the operations endpoints (health,
 * Prometheus metrics), one log line per request, and TAXII-shaped answers even for requests
 * Jetty refuses before any handler sees them.
 */
package org.tearline.server;

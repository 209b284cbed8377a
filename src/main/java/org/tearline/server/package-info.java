/**
 * The HTTP server: Jetty with TLS 1.2+ from PEM files (or plain HTTP only where that is safe),
 * the root handler that routes to the TAXII edge and the operations endpoints (health, and
 * Prometheus metrics behind a token or on a loopback management listener), the checks that keep
 * other sites' pages out of {@code /api}, one log line per request, and TAXII-shaped answers even for requests
 * Jetty refuses before any handler sees them.
 */
package org.tearline.server;

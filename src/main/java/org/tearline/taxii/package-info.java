/**
 * The TAXII 2.1 HTTP edge: routing, content negotiation, query parameters, pagination tokens,
 * response bodies and headers, and the one place where failures become TAXII error messages.
 * Handlers parse, authorise through the services, and render; they hold no business logic.
 */
package org.tearline.taxii;

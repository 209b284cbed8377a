/**
 * The TAXII 2.1 HTTP edge: routing, content negotiation, query parameters, pagination tokens,
 * response bodies and headers; failures become TAXII error messages in
 * {@link org.tearline.http.ErrorReplies}, shared with the other HTTP edges. Handlers parse,
 * authorise through the services, and render; they hold no business logic.
 */
package org.tearline.taxii;

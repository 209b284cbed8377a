/**
 * Tearline's own JSON API beside TAXII, under {@code /api/}: signed receipt statements and the
 * public keys that verify them, for partners; warning management for the producer's users.
 * Like the TAXII edge, handlers parse, authenticate, call one service method and render.
 */
package org.tearline.api;

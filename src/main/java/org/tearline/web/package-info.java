/**
 * The analyst's console: server-rendered pages (jte templates, compiled at build time and
 * HTML-escaped) for the producer's users, served under {@code /console} by the same server as
 * TAXII. It shows the warning queue, each warning's window and timeline, side by side what
 * every audience receives of an object and why, audiences with their policies and a preview
 * of any change, and the disclosure record with its verification. Sessions live in the store
 * so any node serves them; every change is a same-origin form post carrying the session's
 * CSRF token, confirmed on a page of its own, and made by the services, which record it. The
 * pages load nothing from elsewhere and run no script.
 */
package org.tearline.web;

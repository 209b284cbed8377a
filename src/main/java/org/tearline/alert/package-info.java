/**
 * Alerts to the duty desk: events a producer user asked to be told about (a warning's new
 * version, an unretrieved warning, a lapsed window, a dismissal) are queued in the store's
 * outbox in the same transaction as the event, through {@link org.tearline.alert.AlertEvents},
 * which the services that cause events are handed at wiring; a background
 * {@link org.tearline.alert.Dispatcher} then delivers them over the channels of
 * {@code alert.channel} (e-mail, signed webhooks), retrying, rate-limiting and dead-lettering.
 * An alert carries only what a producer user may see: the warning's id and name, the event, the
 * audience, times and a link to the console; never the warning's content.
 */
package org.tearline.alert;

package org.tearline.alert.channel;

/**
 * One message to one recipient, ready to send: one alert, a digest or a fold of several.
 *
 * @param key     the idempotency key: the same for every attempt at this delivery, so a receiver
 *                can tell a retry from a new alert
 * @param subject a one-line summary (the e-mail's subject)
 * @param text    the plain-text body (the e-mail's)
 * @param json    the JSON document (the webhook's body)
 */
public record Delivery(String key, String subject, String text, String json) {}

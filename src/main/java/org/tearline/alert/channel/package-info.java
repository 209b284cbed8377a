/**
 * How an alert leaves the node: e-mail over SMTP (STARTTLS or TLS, authenticated) and webhooks
 * (an HTTPS POST signed with HMAC-SHA256). A channel sends one prepared delivery and says
 * whether it arrived; retries, digests and rate limits are the dispatcher's.
 */
package org.tearline.alert.channel;

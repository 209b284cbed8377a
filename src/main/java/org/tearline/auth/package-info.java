/**
 * Who is asking, and what they may do: password hashing (Argon2id), API tokens, HTTP Basic and
 * Bearer authentication with a cache that keeps the authenticated request path fast without
 * weakening the hash at rest, a throttle on failed sign-ins kept in the store, and
 * per-collection grants.
 */
package org.tearline.auth;

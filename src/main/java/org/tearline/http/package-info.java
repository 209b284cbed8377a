/**
 * What the HTTP edges (TAXII, the producer's API, the console, the operations endpoints) share:
 * the one reply type the server writes, the one place where failures become error replies,
 * and the one query-string parser. No routing and no business logic live here.
 */
package org.tearline.http;

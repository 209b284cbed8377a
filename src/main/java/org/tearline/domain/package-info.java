/**
 * The domain's data records: what a stored object version, a warning, a receipt, an account or
 * a release state is, as services, engines and edges pass them around. Plain immutable records
 * with no I/O; the store reads and writes them, and nothing here knows the store exists, so a
 * service or an edge can name a warning without reaching into the store package.
 */
package org.tearline.domain;

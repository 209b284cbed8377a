/**
 * The threat picture's engine: pure code that groups reports about the same intended attack
 * into threats, tells independent reports from echoes of one another, and fuses a threat's
 * windows, confidences, state and dismissals into one picture. It holds no store and speaks no
 * HTTP: a service feeds it {@link org.tearline.threat.ThreatReport}s (built from STIX by
 * {@link org.tearline.threat.ThreatReports}) and the analysts' {@link
 * org.tearline.threat.Decision}s, and keeps what it returns (assignments with their
 * explanations, decisions resolved to the reports they name) as plain records. Matching is
 * incremental: an index by place, actor, indicator, time and MinHash band finds the few held
 * reports a new one could belong with, so its cost does not grow with everything held. The
 * features, weights and rules are described in docs/threats.md.
 */
package org.tearline.threat;

package org.tearline.stix;

import java.util.Set;

/** The object types STIX 2.1 defines, by category (STIX 2.1 sections 4 to 7). */
public final class StixTypes {

    /** STIX Domain Objects. */
    public static final Set<String> SDO = Set.of(
            "attack-pattern",
            "campaign",
            "course-of-action",
            "grouping",
            "identity",
            "incident",
            "indicator",
            "infrastructure",
            "intrusion-set",
            "location",
            "malware",
            "malware-analysis",
            "note",
            "observed-data",
            "opinion",
            "report",
            "threat-actor",
            "tool",
            "vulnerability");

    /** STIX Relationship Objects. */
    public static final Set<String> SRO = Set.of("relationship", "sighting");

    /** STIX Cyber-observable Objects. */
    public static final Set<String> SCO = Set.of(
            "artifact",
            "autonomous-system",
            "directory",
            "domain-name",
            "email-addr",
            "email-message",
            "file",
            "ipv4-addr",
            "ipv6-addr",
            "mac-addr",
            "mutex",
            "network-traffic",
            "process",
            "software",
            "url",
            "user-account",
            "windows-registry-key",
            "x509-certificate");

    /** STIX Meta Objects. */
    public static final Set<String> META = Set.of("marking-definition", "language-content", "extension-definition");

    private StixTypes() {}

    /** True for the types the specification defines (not custom ones). */
    public static boolean isSpecDefined(String type) {
        return SDO.contains(type) || SRO.contains(type) || SCO.contains(type) || META.contains(type);
    }

    /** True for cyber-observable types: the spec's own, and custom ones are decided by shape. */
    public static boolean isSco(String type) {
        return SCO.contains(type);
    }
}

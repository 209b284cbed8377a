package org.tearline.intake.extract;

/** What a candidate is. */
public enum CandidateKind {
    IPV4,
    IPV6,
    DOMAIN,
    URL,
    EMAIL,
    FILE_HASH,
    CVE,
    ATTACK_TECHNIQUE,
    ATTACK_GROUP,
    PLACE,
    TIME_WINDOW,
    TARGET_TYPE,
    THREAT_ACTOR
}

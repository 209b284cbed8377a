package org.tearline.domain;

import java.time.Instant;

/** One applied version of an audience's policy: its text, who applied it and when. */
public record PolicyVersion(
        String audience, int version, String policy, String digest, Instant appliedAt, String appliedBy) {}

package org.tearline.domain;

import java.time.Instant;

/** An audience: a partner organisation's view and the policy version that makes it. */
public record AudienceRecord(
        String name, String viewCollectionId, int policyVersion, Instant created, Instant updated) {}

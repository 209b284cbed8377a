package org.tearline.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.tearline.domain.AudienceRecord;
import org.tearline.domain.PolicyVersion;
import org.tearline.domain.ReleaseState;

/**
 * Audiences with their policy versions and source collections, and the release state of each
 * source object an audience may see. Part of one {@link StoreTx}.
 */
public interface ReleaseViews {

    /** Creates an audience. */
    void createAudience(AudienceRecord audience);

    /** One audience. */
    Optional<AudienceRecord> findAudience(String name);

    /** Every audience, by name. */
    List<AudienceRecord> audiences();

    /** Records that an audience now runs on another policy version. */
    void updateAudience(String name, int policyVersion, Instant updated);

    /** Keeps an applied policy version. */
    void addPolicyVersion(PolicyVersion version);

    /** Every policy version of an audience, oldest first. */
    List<PolicyVersion> policyVersions(String audience);

    /** Replaces the source collections an audience draws on. */
    void setAudienceSources(String audience, List<String> collectionIds);

    /** The source collections of an audience. */
    List<String> audienceSources(String audience);

    /** The audiences that draw on a collection. */
    List<String> audiencesOfSource(String collectionId);

    /** Release states of the given source objects for an audience (absent when unknown). */
    Map<String, ReleaseState> releaseStates(String audience, Collection<String> originalIds);

    /** Every release state of an audience. */
    void forEachReleaseState(String audience, Consumer<ReleaseState> sink);

    /** Creates or replaces release states. */
    void putReleaseStates(List<ReleaseState> states);

    /** The release state of the object an audience knows by {@code releasedId}. */
    Optional<ReleaseState> releaseStateByReleasedId(String audience, String releasedId);
}

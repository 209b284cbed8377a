package org.tearline.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The operations of one store transaction. Lookups return {@link Optional}; nothing here knows
 * about HTTP.
 */
public interface StoreTx {

    // --- API roots and collections -------------------------------------------------------

    /** All API roots, by name. */
    List<ApiRoot> apiRoots();

    /** One API root. */
    Optional<ApiRoot> findApiRoot(String name);

    /** Creates or replaces an API root. */
    void putApiRoot(ApiRoot root, Instant now);

    /** All collections of an API root, by id. */
    List<CollectionInfo> collections(String apiRoot);

    /** All collections of every API root. */
    List<CollectionInfo> allCollections();

    /** One collection by id, whatever its API root. */
    Optional<CollectionInfo> findCollection(String collectionId);

    /** Creates a collection; fails with a conflict when the id or the alias is taken. */
    void createCollection(CollectionInfo collection);

    // --- objects -------------------------------------------------------------------------

    /**
     * Adds object versions to a collection. All versions stored by one call share one
     * date_added, later than every date_added already in the collection. Returns one result per
     * input, in order.
     */
    List<AddResult> addObjects(String collectionId, List<NewObject> objects, Instant now,
            Provenance provenance);

    /** One page of objects, in collection order. */
    Page<StoredObject> findObjects(String collectionId, ObjectFilter filter, PageRequest page);

    /** One page of manifest records, in collection order. */
    Page<VersionRecord> findManifest(String collectionId, ObjectFilter filter, PageRequest page);

    /** One page of the versions of one object, in collection order. */
    Page<VersionRecord> findVersions(String collectionId, String objectId, ObjectFilter filter,
            PageRequest page);

    /** Streams every matching object in collection order without holding them in memory. */
    void forEachObject(String collectionId, ObjectFilter filter, Consumer<StoredObject> sink);

    /**
     * Deletes the versions of one object the filter selects (its ids and types are ignored).
     * Returns how many versions were deleted.
     */
    int deleteObject(String collectionId, String objectId, ObjectFilter filter);

    /**
     * The date_added of the newest version in a collection, in microseconds, or the time the
     * collection was created when it holds nothing yet.
     */
    long lastDateAdded(String collectionId);

    /** Number of object versions stored in a collection. */
    long countVersions(String collectionId);

    // --- status resources ----------------------------------------------------------------

    /** Saves a status resource. */
    void saveStatus(StatusRecord status);

    /** One status resource of an API root. */
    Optional<StatusRecord> findStatus(String apiRoot, String statusId);

    // --- accounts, tokens, grants --------------------------------------------------------

    /** One account. */
    Optional<Account> findAccount(String name);

    /** All accounts, by name. */
    List<Account> accounts();

    /** Creates an account; fails with a conflict when the name is taken. */
    void createAccount(Account account);

    /** Replaces an account's password hash. */
    void updatePassword(String name, String passwordHash);

    /** Saves a new token. */
    void createToken(ApiToken token);

    /** One token by id. */
    Optional<ApiToken> findToken(String id);

    /** Every token of one account, oldest first. */
    List<ApiToken> tokensOf(String account);

    /** Every token, by account and then oldest first. */
    List<ApiToken> tokens();

    /** Marks a token revoked; false when there is no such token. */
    boolean revokeToken(String id);

    /** Disables or enables an account; fails with not-found when there is no such account. */
    void setDisabled(String name, boolean disabled);

    // --- failed sign-ins -------------------------------------------------------------------

    /** The failed sign-ins of one subject, if any are remembered. */
    Optional<LoginFailures> findLoginFailures(String subject);

    /**
     * Counts one refused attempt of a subject, atomically, and returns the row after it. A
     * {@code checked} attempt (the credentials were checked and wrong) adds to the failures; an
     * unchecked one (refused because the subject was locked) only to the refusals held for the
     * record. Failures last seen before {@code forgetBefore} start again from zero.
     */
    LoginFailures countLoginFailure(String subject, boolean checked, Instant now,
            Instant forgetBefore);

    /** Refuses the subject's attempts unchecked until {@code until}. */
    void lockLogin(String subject, Instant until);

    /** Notes that the subject's held refusals were written to the record at {@code at}. */
    void loginRecorded(String subject, Instant at);

    /** Forgets a subject's failures (after a successful sign-in). */
    void clearLoginFailures(String subject);

    /**
     * Forgets subjects whose last failure was before {@code before} and that are no longer
     * locked; returns the sum of their refusals not yet written to the record.
     */
    long forgetLoginFailures(Instant before);

    /** Creates or replaces the grant of one account on one collection. */
    void putGrant(Grant grant);

    /** The grant of one account on one collection. */
    Optional<Grant> findGrant(String account, String collectionId);

    /** Every grant of one account. */
    List<Grant> grantsOf(String account);

    // --- audiences and release views ------------------------------------------------------

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

    /**
     * Forgets every reference recorded for a collection's objects, so they can be recorded anew
     * from what it holds, and keeps writers out of the collection until this transaction ends,
     * so nothing is added meanwhile that the new record would miss.
     */
    void resetSourceRefs(String collectionId);

    /** Replaces the references recorded for the given referrers in a collection. */
    void replaceSourceRefs(String collectionId, Map<String, List<SourceRef>> byReferrer);

    /** Who refers to any of the targets, in any of the collections. */
    List<SourceRef> referrers(Collection<String> collectionIds, Collection<String> targetIds);

    /**
     * The latest version of each of the given objects across collections: when an object is in
     * several, the one with the latest version.
     */
    Map<String, StoredObject> latestObjects(Collection<String> collectionIds,
            Collection<String> objectIds);

    /** Ids of the objects of one type in any of the collections. */
    Set<String> idsOfType(Collection<String> collectionIds, String type);

    // --- disclosure record -----------------------------------------------------------------

    /** The head of the disclosure record, locked against other appenders until commit. */
    AuditHead lockAuditHead();

    /** The head of the disclosure record, without locking. */
    AuditHead auditHead();

    /**
     * Appends entries (numbered and chained by the caller from a locked head) and moves the
     * head to the last one. {@code objects} names, per entry seq, the objects it concerns;
     * {@code released}, per release entry, the view versions it released.
     */
    void appendAudit(List<AuditEntry> entries, Map<Long, Set<String>> objects,
            Map<Long, ViewRun> released);

    /** As above, for entries that released nothing into a view. */
    default void appendAudit(List<AuditEntry> entries, Map<Long, Set<String>> objects) {
        appendAudit(entries, objects, Map.of());
    }

    /** Streams the matching entries in order. */
    void forEachAuditEntry(AuditQuery query, Consumer<AuditEntry> sink);

    /** Keeps a signed checkpoint. */
    void addCheckpoint(AuditCheckpoint checkpoint);

    /** Every checkpoint, oldest first. */
    List<AuditCheckpoint> checkpoints();

    /** Creates or replaces a verification key. */
    void putAuditKey(AuditKey key);

    /** Every verification key, current and retired. */
    List<AuditKey> auditKeys();

    /** Records the receipts not recorded yet and returns those (the first retrievals). */
    List<Receipt> recordReceipts(List<Receipt> candidates);

    /** A user's receipts retrieved in [from, to), in time order. */
    List<Receipt> receipts(String account, Instant from, Instant to);

    /** Every receipt of one object of a collection. */
    List<Receipt> receiptsOf(String collectionId, String objectId);

    // --- warnings and feedback ------------------------------------------------------------

    /** Creates a warning record. */
    void createWarning(WarningRecord warning);

    /** One warning. */
    Optional<WarningRecord> findWarning(String id);

    /** The warnings among these ids (most ids are not warnings), by id. */
    Map<String, WarningRecord> findWarnings(Collection<String> ids);

    /** Every warning in one of the states, oldest first. */
    List<WarningRecord> warnings(Set<WarningRecord.State> states);

    /**
     * Replaces a warning record, if it is still at {@code expectedRevision}; false when another
     * transition got there first.
     */
    boolean updateWarning(WarningRecord warning, int expectedRevision);

    /** Records the audiences an approved warning is released to. */
    void setWarningAudiences(String warningId, List<String> audiences);

    /** The approved warnings released to an audience. */
    Set<String> approvedWarnings(String audience);

    /** Records an audience's feedback collection. */
    void setAudienceFeedback(String audience, String collectionId);

    /** An audience's feedback collection. */
    Optional<String> audienceFeedback(String audience);

    /** The audience whose feedback collection this is. */
    Optional<String> audienceOfFeedback(String collectionId);

    /** Keeps mapped feedback. */
    void addFeedback(List<FeedbackRecord> feedback);

    /** Every feedback about one object, oldest first. */
    List<FeedbackRecord> feedbackOn(String targetId);

    /** The release state of the object an audience knows by {@code releasedId}. */
    Optional<ReleaseState> releaseStateByReleasedId(String audience, String releasedId);

    // --- console sessions ------------------------------------------------------------------

    /** Keeps a new console session. */
    void createSession(WebSession session);

    /** A console session by its token's hash. */
    Optional<WebSession> findSession(String tokenHash);

    /** Ends a console session. */
    void deleteSession(String tokenHash);

    /** Removes sessions that expired before {@code now}. */
    int deleteExpiredSessions(Instant now);

    /** Ends every console session of an account; returns how many there were. */
    int deleteSessionsOf(String account);

    // --- server secrets ------------------------------------------------------------------

    /**
     * Returns the named secret, creating it from {@code candidate} when absent. Every node that
     * shares the store gets the same value.
     */
    String secret(String name, String candidate, Instant now);

    /** Replaces a stored value kept with the secrets (the releasing identity, say). */
    void replaceSecret(String name, String value);
}

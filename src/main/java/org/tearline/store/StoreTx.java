package org.tearline.store;

/**
 * One store transaction. It hands out the repositories, one per concept, all working in this
 * same transaction, so that a service call which touches several (objects, views, the record)
 * still commits or rolls back as one. Lookups return {@link java.util.Optional}; nothing here
 * knows about HTTP.
 */
public interface StoreTx {

    /** Object versions, their identities and the references between objects. */
    ObjectVersions objects();

    /** API roots, collections and status resources. */
    Collections collections();

    /** Audiences, policy versions, source collections and release states. */
    ReleaseViews releaseViews();

    /** The disclosure record and the receipts. */
    DisclosureRecord record();

    /** Warnings and feedback. */
    Warnings warnings();

    /** Accounts, API tokens and grants. */
    Accounts accounts();

    /** Failed sign-ins and console sessions. */
    SignIns signIns();

    /** Server secrets. */
    Secrets secrets();

    /** Documents taken in, waiting for review. */
    Drafts drafts();

    /** Peers, their subscriptions and cursors, and where received versions came from. */
    Peers peers();

    /** What peers sent that was refused, with the reasons. */
    Quarantine quarantine();

    /** Alert subscriptions and the alert outbox. */
    Alerts alerts();
}

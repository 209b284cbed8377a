package org.tearline.alert;

import org.tearline.store.StoreTx;

/**
 * Where a service reports an event that may alert someone. Called inside the transaction that
 * commits the event, so the alert is queued or lost with it, never one without the other.
 */
@FunctionalInterface
public interface AlertEvents {

    /** Queues alerts for the event to every matching subscription, in {@code tx}. */
    void raise(StoreTx tx, AlertEvent event);

    /** Alerts no one: for tools that open the store without the alert service. */
    AlertEvents NONE = (tx, event) -> {};
}

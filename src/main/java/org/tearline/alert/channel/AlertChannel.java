package org.tearline.alert.channel;

import java.util.Optional;

/** A way alerts leave the node. */
public interface AlertChannel {

    /** The channel's name as subscriptions give it: {@code email} or {@code webhook}. */
    String name();

    /** What is wrong with a subscription's target on this channel, if anything. */
    Optional<String> problem(String target);

    /** Sends one delivery to {@code target}, returning once it has arrived. */
    void send(String target, Delivery delivery) throws DeliveryFailedException;
}

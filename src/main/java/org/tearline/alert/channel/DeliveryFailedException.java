package org.tearline.alert.channel;

/**
 * A delivery did not arrive: the recipient refused it, answered with an error, or could not be
 * reached in time. The message names the recipient and what went wrong, never a secret.
 */
public final class DeliveryFailedException extends Exception {

    private static final long serialVersionUID = 1L;

    public DeliveryFailedException(String message) {
        super(message);
    }

    public DeliveryFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}

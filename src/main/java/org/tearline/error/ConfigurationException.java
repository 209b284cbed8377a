package org.tearline.error;

/** Configuration is invalid; raised at start-up so the server fails fast. */
public class ConfigurationException extends TearlineException {

    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(500, "Configuration Error", message, null);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(500, "Configuration Error", message, cause);
    }
}

package org.tearline.service;

import java.util.Set;
import java.util.regex.Pattern;
import org.tearline.stix.StixId;

/** The rules for names users choose: API roots, collections, aliases, user names. */
public final class Names {

    /** Path segments the server uses itself, so no API root may take them. */
    public static final Set<String> RESERVED_ROOTS =
            Set.of("taxii2", "health", "metrics", "console", "static", "admin", "api");

    private static final Pattern ROOT = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

    private Names() {}

    /** True for an acceptable API root name. */
    public static boolean isValidApiRoot(String name) {
        return name != null && ROOT.matcher(name).matches() && !RESERVED_ROOTS.contains(name);
    }

    /** True for a collection id: a lowercase UUID. */
    public static boolean isValidCollectionId(String id) {
        return id != null && UUID_TEXT.matcher(id).matches();
    }

    /** True for an acceptable collection alias. */
    public static boolean isValidAlias(String alias) {
        return alias != null && ROOT.matcher(alias).matches();
    }

    /** True for an acceptable user name. */
    public static boolean isValidUser(String name) {
        return name != null && USER.matcher(name).matches();
    }

    /** True for a STIX object id. */
    public static boolean isValidObjectId(String id) {
        return StixId.isValid(id);
    }
}

package org.tearline.stix.validation;

/** Builds property paths such as {@code external_references[0].source_name}. */
final class Paths {

    private Paths() {}

    static String child(String parent, String name) {
        return parent.isEmpty() ? name : parent + "." + name;
    }

    static String index(String parent, int i) {
        return parent + "[" + i + "]";
    }

    /** A dictionary entry; keys are shown quoted-free but shortened, as they come from users. */
    static String key(String parent, String key) {
        String k = key.length() > Quote.MAX ? key.substring(0, Quote.MAX) + "..." : key;
        return child(parent, k);
    }
}

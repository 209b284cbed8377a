package org.tearline.stix.vocab;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * RFC 5646 language tags, as STIX 2.1 requires for {@code lang}, granular-marking {@code lang},
 * language-content {@code contents} keys and software {@code languages}. A tag is accepted when it
 * is well formed (RFC 5646 section 2.1) and its primary language subtag is in the IANA Language
 * Subtag Registry (or in the private-use range qaa..qtz); grandfathered tags and private-use tags
 * ({@code x-...}) are accepted as the RFC lists them. Script, region and variant subtags are only
 * checked for form. Matching is case-insensitive, as RFC 5646 section 2.1.1 says.
 */
public final class LanguageTags {

    private static final Set<String> PRIMARY = buildPrimary();

    /** RFC 5646 section 2.2.8: the grandfathered tags, irregular and regular. */
    private static final Set<String> GRANDFATHERED = Set.of(
            "en-gb-oed",
            "i-ami",
            "i-bnn",
            "i-default",
            "i-enochian",
            "i-hak",
            "i-klingon",
            "i-lux",
            "i-mingo",
            "i-navajo",
            "i-pwn",
            "i-tao",
            "i-tay",
            "i-tsu",
            "sgn-be-fr",
            "sgn-be-nl",
            "sgn-ch-de",
            "art-lojban",
            "cel-gaulish",
            "no-bok",
            "no-nyn",
            "zh-guoyu",
            "zh-hakka",
            "zh-min",
            "zh-min-nan",
            "zh-xiang");

    private LanguageTags() {}

    private static Set<String> buildPrimary() {
        Set<String> s = new HashSet<>();
        String two = LanguageSubtagData.TWO_LETTER;
        for (int i = 0; i + 2 <= two.length(); i += 2) {
            s.add(two.substring(i, i + 2));
        }
        String three = LanguageSubtagData.THREE_LETTER;
        for (int i = 0; i + 3 <= three.length(); i += 3) {
            s.add(three.substring(i, i + 3));
        }
        // Deprecated ISO 639-1 codes the registry still carries (deprecated, not removed).
        s.addAll(Set.of("in", "iw", "ji", "jw", "mo"));
        return Set.copyOf(s);
    }

    /** True when {@code tag} is a valid RFC 5646 language tag as described above. */
    public static boolean isValid(String tag) {
        if (tag == null || tag.isEmpty() || tag.length() > 100) {
            return false;
        }
        for (int i = 0; i < tag.length(); i++) {
            char c = tag.charAt(i);
            if (!(c == '-' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        String t = tag.toLowerCase(Locale.ROOT);
        if (GRANDFATHERED.contains(t)) {
            return true;
        }
        String[] parts = t.split("-", -1);
        int i = 0;
        if (parts[0].equals("x")) {
            return privateUse(parts, 0);
        }
        String lang = parts[i++];
        if (!isAlpha(lang) || lang.length() < 2 || lang.length() > 8 || lang.length() == 4) {
            return false;
        }
        if (lang.length() <= 3 && !PRIMARY.contains(lang) && !isPrivateUseLanguage(lang)) {
            return false;
        }
        if (lang.length() >= 5) {
            // Registered 5-8 letter language subtags: the registry has none.
            return false;
        }
        // extlang: up to three 3-letter subtags (only after a 2-3 letter language)
        int ext = 0;
        while (i < parts.length && ext < 3 && parts[i].length() == 3 && isAlpha(parts[i])) {
            i++;
            ext++;
        }
        if (i < parts.length && parts[i].length() == 4 && isAlpha(parts[i])) {
            i++; // script
        }
        if (i < parts.length
                && ((parts[i].length() == 2 && isAlpha(parts[i])) || (parts[i].length() == 3 && isDigits(parts[i])))) {
            i++; // region
        }
        while (i < parts.length && isVariant(parts[i])) {
            i++;
        }
        while (i < parts.length && parts[i].length() == 1 && !parts[i].equals("x")) {
            // extension: singleton followed by one or more 2-8 alphanumeric subtags
            i++;
            int n = 0;
            while (i < parts.length && parts[i].length() >= 2 && parts[i].length() <= 8) {
                i++;
                n++;
            }
            if (n == 0) {
                return false;
            }
        }
        if (i < parts.length && parts[i].equals("x")) {
            return privateUse(parts, i);
        }
        return i == parts.length;
    }

    private static boolean privateUse(String[] parts, int x) {
        if (x + 1 >= parts.length) {
            return false;
        }
        for (int j = x + 1; j < parts.length; j++) {
            if (parts[j].isEmpty() || parts[j].length() > 8) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPrivateUseLanguage(String lang) {
        return lang.length() == 3 && lang.compareTo("qaa") >= 0 && lang.compareTo("qtz") <= 0;
    }

    private static boolean isVariant(String s) {
        return (s.length() >= 5 && s.length() <= 8) || (s.length() == 4 && Character.isDigit(s.charAt(0)));
    }

    private static boolean isAlpha(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 'a' || c > 'z') {
                return false;
            }
        }
        return !s.isEmpty();
    }

    private static boolean isDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return !s.isEmpty();
    }
}

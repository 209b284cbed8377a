package org.tearline.threat;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;

/**
 * Names folded so that the ways people write one name compare equal: case, diacritics,
 * punctuation, Cyrillic and Greek letters transliterated to Latin, and a consonant skeleton for
 * the transliterations that still differ ("Krokus Siti Kholl" and "Crocus City Hall", "Moskva"
 * and "Moscow"). Pure functions.
 */
final class Names {

    /** Cyrillic (Russian, Ukrainian, Belarusian) to Latin, close to the BGN/PCGN romanisation. */
    private static final Map<Character, String> CYRILLIC = Map.ofEntries(
            Map.entry('а', "a"),
            Map.entry('б', "b"),
            Map.entry('в', "v"),
            Map.entry('г', "g"),
            Map.entry('ґ', "g"),
            Map.entry('д', "d"),
            Map.entry('е', "e"),
            Map.entry('ё', "e"),
            Map.entry('є', "ye"),
            Map.entry('ж', "zh"),
            Map.entry('з', "z"),
            Map.entry('и', "i"),
            Map.entry('і', "i"),
            Map.entry('ї', "yi"),
            Map.entry('й', "y"),
            Map.entry('к', "k"),
            Map.entry('л', "l"),
            Map.entry('м', "m"),
            Map.entry('н', "n"),
            Map.entry('о', "o"),
            Map.entry('п', "p"),
            Map.entry('р', "r"),
            Map.entry('с', "s"),
            Map.entry('т', "t"),
            Map.entry('у', "u"),
            Map.entry('ў', "w"),
            Map.entry('ф', "f"),
            Map.entry('х', "kh"),
            Map.entry('ц', "ts"),
            Map.entry('ч', "ch"),
            Map.entry('ш', "sh"),
            Map.entry('щ', "shch"),
            Map.entry('ъ', ""),
            Map.entry('ы', "y"),
            Map.entry('ь', ""),
            Map.entry('э', "e"),
            Map.entry('ю', "yu"),
            Map.entry('я', "ya"));

    private static final Map<Character, String> GREEK = Map.ofEntries(
            Map.entry('α', "a"),
            Map.entry('β', "v"),
            Map.entry('γ', "g"),
            Map.entry('δ', "d"),
            Map.entry('ε', "e"),
            Map.entry('ζ', "z"),
            Map.entry('η', "i"),
            Map.entry('θ', "th"),
            Map.entry('ι', "i"),
            Map.entry('κ', "k"),
            Map.entry('λ', "l"),
            Map.entry('μ', "m"),
            Map.entry('ν', "n"),
            Map.entry('ξ', "x"),
            Map.entry('ο', "o"),
            Map.entry('π', "p"),
            Map.entry('ρ', "r"),
            Map.entry('σ', "s"),
            Map.entry('ς', "s"),
            Map.entry('τ', "t"),
            Map.entry('υ', "y"),
            Map.entry('φ', "f"),
            Map.entry('χ', "ch"),
            Map.entry('ψ', "ps"),
            Map.entry('ω', "o"));

    /** Latin letters that decomposition does not split into a base letter and a mark. */
    private static final Map<Character, String> LATIN =
            Map.of('ß', "ss", 'æ', "ae", 'ø', "o", 'ł', "l", 'đ', "d", 'þ', "th", 'œ', "oe", 'ı', "i");

    private Names() {}

    /**
     * Lower case, without diacritics, transliterated to Latin, with every run of anything but
     * letters and digits turned into one space. Apostrophes vanish ("Bol'shoy" is "bolshoy").
     */
    static String fold(String name) {
        if (name == null) {
            return "";
        }
        String lower = name.toLowerCase(Locale.ROOT);
        StringBuilder translit = new StringBuilder(lower.length() + 8);
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            String t = CYRILLIC.get(c);
            if (t == null) {
                t = GREEK.get(c);
            }
            if (t == null) {
                t = LATIN.get(c);
            }
            if (t != null) {
                translit.append(t);
            } else {
                translit.append(c);
            }
        }
        String decomposed = Normalizer.normalize(translit, Normalizer.Form.NFKD);
        StringBuilder out = new StringBuilder(decomposed.length());
        boolean space = true;
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            if (Character.getType(c) == Character.NON_SPACING_MARK) {
                continue;
            }
            if (c == '\'' || c == '’' || c == 'ʼ') {
                continue;
            }
            if (Character.isLetterOrDigit(c)) {
                out.append(c);
                space = false;
            } else if (!space) {
                out.append(' ');
                space = true;
            }
        }
        int len = out.length();
        if (len > 0 && out.charAt(len - 1) == ' ') {
            out.setLength(len - 1);
        }
        return out.toString();
    }

    /**
     * The consonant skeleton of a folded name: letters that transliterations swap for one another
     * made one (c, k, q and ck, but a c before e, i or y is an s; kh, h and x; w and v; ph and f; z and s; ts and tz), vowels and y
     * dropped, doubled letters made single, spaces kept. "moskva" and "moscow" both give "mskv".
     * Short skeletons collide easily, so callers compare them only from four letters on.
     */
    static String skeleton(String folded) {
        String s = folded.replace("ce", "se")
                .replace("ci", "si")
                .replace("cy", "sy")
                .replace("kh", "h")
                .replace("ck", "k")
                .replace("ph", "f")
                .replace("tz", "ts")
                .replace("ts", "s")
                .replace("sch", "sh");
        StringBuilder out = new StringBuilder(s.length());
        char last = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            char m = switch (c) {
                case 'c', 'q', 'k' -> 'k';
                case 'x' -> 'h';
                case 'w' -> 'v';
                case 'z' -> 's';
                case 'a', 'e', 'i', 'o', 'u', 'y' -> 0;
                default -> c;
            };
            if (m == 0 || m == last) {
                if (m == 0) {
                    last = 0;
                }
                continue;
            }
            out.append(m);
            last = m;
        }
        return out.toString();
    }

    /** True when two folded names are one name, or one transliterated differently. */
    static boolean sameName(String a, String b) {
        if (a.isEmpty() || b.isEmpty()) {
            return false;
        }
        if (a.equals(b)) {
            return true;
        }
        String sa = skeleton(a).replace(" ", "");
        return sa.length() >= 4 && sa.equals(skeleton(b).replace(" ", ""));
    }
}

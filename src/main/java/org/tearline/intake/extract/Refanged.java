package org.tearline.intake.extract;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A page's text with its defanging undone, and the way back: every character of the refanged
 * text knows the range of the page's text it came from, so a match in the refanged text is
 * highlighted where the analyst reads it, defanged.
 *
 * <p>Nothing here crosses a line: the spaces a form may carry ({@code example [.] com},
 * {@code user at host dot org}) are spaces and tabs, never line breaks, so two tokens on two
 * lines are never glued into one indicator.
 */
final class Refanged {

    /** One defanging form and what it stood for; group 1, when present, keeps its case. */
    private record Form(String name, Pattern pattern, String replacement) {}

    private static final String SP = "[ \\t]?";
    private static final String OPEN = "[\\[({]";
    private static final String CLOSE = "[\\])}]";

    // Order matters: schemes before dots, bracketed forms before partial ones.
    private static final Form[] FORMS = {
        // hxxp://, hXXps://, h**p://, hxtp://, fxp:// -- the scheme word, with the separator
        // that follows it in any of its defanged shapes ([://], [:]//, :[//], __, :\\).
        new Form(
                "scheme",
                Pattern.compile("(?i)(?<![a-z0-9])(h(?:xx|\\*\\*|xt|tx|\\[tt\\]|tt)p(s?)|f[xt]p(s?))"
                        + "(?:\\[://\\]|\\[:\\]//|\\[:\\]\\[/\\]\\[/\\]|:\\[//\\]|\\(:\\)//|\\[:/\\]/|__|:\\\\\\\\|://)"
                        + "(?:[ \\t](?=[a-z0-9]))?"),
                null),
        new Form("bracketed dot", Pattern.compile("(?i)" + SP + OPEN + SP + "(?:\\.|dot)" + SP + CLOSE + SP), "."),
        new Form("bracketed at", Pattern.compile("(?i)" + SP + OPEN + SP + "(?:@|at)" + SP + CLOSE + SP), "@"),
        new Form("bracketed double colon", Pattern.compile("\\[::\\]"), "::"),
        new Form("bracketed colon", Pattern.compile("\\[:\\]|\\(:\\)"), ":"),
        new Form("bracketed slash", Pattern.compile("\\[/\\]|\\(/\\)"), "/"),
        new Form("escaped dot", Pattern.compile("\\\\\\."), "."),
        // 1[.1.]1 and example(.com: half a bracket, between two characters of a name.
        new Form("partial bracket", Pattern.compile("(?<=[A-Za-z0-9])(?:[\\[(]\\.|\\.[\\])])(?=[A-Za-z0-9])"), "."),
        // "evil dot com", "EVIL DOT COM": a spelled-out dot between two labels.
        new Form("word dot", Pattern.compile("(?<=[A-Za-z0-9])[ \\t](?:dot|DOT)[ \\t](?=[A-Za-z0-9])"), "."),
        // "someone at evil dot com": " at " only where the next label is followed by a
        // defanged dot, so "attacks at night" stays prose.
        new Form(
                "word at",
                Pattern.compile("(?<=[A-Za-z0-9._%+-])[ \\t](?:at|AT)[ \\t](?=[A-Za-z0-9-]+(?:[ \\t](?:dot|DOT)[ \\t]|"
                        + SP + OPEN + SP + "(?:\\.|dot)" + SP + CLOSE + "))"),
                "@"),
    };

    private static final Pattern ANY;

    static {
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < FORMS.length; i++) {
            if (i > 0) {
                all.append('|');
            }
            all.append("(?<f")
                    .append(i)
                    .append('>')
                    .append(stripFlags(FORMS[i].pattern.pattern()))
                    .append(')');
        }
        ANY = Pattern.compile(all.toString(), Pattern.CASE_INSENSITIVE);
    }

    final String text;
    private final int[] from;
    private final int[] to;
    /** Whether any form was undone inside a range: a defanged token is meant as an indicator. */
    private final boolean[] changed;

    private Refanged(String text, int[] from, int[] to, boolean[] changed) {
        this.text = text;
        this.from = from;
        this.to = to;
        this.changed = changed;
    }

    static Refanged of(String page) {
        StringBuilder out = new StringBuilder(page.length());
        int[] from = new int[page.length() + 16];
        int[] to = new int[page.length() + 16];
        boolean[] changed = new boolean[page.length() + 16];
        int n = 0;
        Matcher m = ANY.matcher(page);
        int last = 0;
        while (m.find()) {
            int form = formOf(m);
            if (form < 0 || !caseFits(form, m.group())) {
                continue;
            }
            for (int i = last; i < m.start(); i++) {
                if (n == from.length) {
                    from = Arrays.copyOf(from, n * 2);
                    to = Arrays.copyOf(to, n * 2);
                    changed = Arrays.copyOf(changed, n * 2);
                }
                out.append(page.charAt(i));
                from[n] = i;
                to[n] = i + 1;
                n++;
            }
            String replacement = replacement(form, m.group());
            for (int k = 0; k < replacement.length(); k++) {
                if (n == from.length) {
                    from = Arrays.copyOf(from, n * 2);
                    to = Arrays.copyOf(to, n * 2);
                    changed = Arrays.copyOf(changed, n * 2);
                }
                out.append(replacement.charAt(k));
                from[n] = m.start();
                to[n] = m.end();
                changed[n] = true;
                n++;
            }
            last = m.end();
        }
        for (int i = last; i < page.length(); i++) {
            if (n == from.length) {
                from = Arrays.copyOf(from, n * 2 + 1);
                to = Arrays.copyOf(to, n * 2 + 1);
                changed = Arrays.copyOf(changed, n * 2 + 1);
            }
            out.append(page.charAt(i));
            from[n] = i;
            to[n] = i + 1;
            n++;
        }
        return new Refanged(out.toString(), from, to, changed);
    }

    /** Where {@code [start, end)} of the refanged text lies in the page's text. */
    int pageStart(int start) {
        return from[start];
    }

    int pageEnd(int end) {
        return to[end - 1];
    }

    boolean defanged(int start, int end) {
        for (int i = start; i < end; i++) {
            if (changed[i]) {
                return true;
            }
        }
        return false;
    }

    private static int formOf(Matcher m) {
        for (int i = 0; i < FORMS.length; i++) {
            if (m.start("f" + i) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** The word forms ("dot", "at") count only in one case throughout, not "Dot" or "At". */
    private static boolean caseFits(int form, String matched) {
        String name = FORMS[form].name;
        if (name.equals("word dot") || name.equals("word at")) {
            String word = matched.strip();
            return word.equals(word.toLowerCase(java.util.Locale.ROOT))
                    || word.equals(word.toUpperCase(java.util.Locale.ROOT));
        }
        return true;
    }

    private static String replacement(int form, String matched) {
        Form f = FORMS[form];
        if (f.replacement != null) {
            return f.replacement;
        }
        String lower = matched.toLowerCase(java.util.Locale.ROOT);
        boolean secure = lower.matches("^(?:h\\S*?ps|f[xt]ps)(?:\\W.*|_.*)$");
        return (lower.startsWith("f") ? "ftp" : "http") + (secure ? "s" : "") + "://";
    }

    private static String stripFlags(String regex) {
        return regex.startsWith("(?i)") ? regex.substring(4) : regex;
    }
}

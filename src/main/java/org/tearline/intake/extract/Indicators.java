package org.tearline.intake.extract;

import com.google.common.net.InetAddresses;
import com.google.common.net.InternetDomainName;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The indicator rules: URLs, e-mail addresses, domains, IPv4 and IPv6 addresses and networks,
 * file hashes, CVE ids and ATT&CK ids. They read the refanged text and report ranges of the
 * page's own (defanged) text. A URL or an address claims its range: the domain inside a URL
 * is not reported again on its own.
 */
final class Indicators {

    private static final String LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    private static final String HOST = "(?:" + LABEL + "\\.)+[A-Za-z][A-Za-z0-9-]{0,61}[A-Za-z0-9]";
    private static final String OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final String IPV4 = OCTET + "(?:\\." + OCTET + "){3}";

    private static final Pattern URL =
            Pattern.compile("(?i)(?<![a-z0-9])(?:https?|ftps?|sftp|tcp|udp)://[^\\s<>\"'`]+");
    private static final Pattern EMAIL =
            Pattern.compile("(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(" + HOST + ")(?![A-Za-z0-9-])");
    private static final Pattern DOMAIN =
            Pattern.compile("(?<![A-Za-z0-9_@.-])" + HOST + "(?![A-Za-z0-9_-]|\\.[A-Za-z0-9])");
    private static final Pattern V4 =
            Pattern.compile("(?<![A-Za-z0-9.])" + IPV4 + "(?:/(?:3[0-2]|[12]?\\d))?(?![A-Za-z0-9/]|\\.\\d)");
    private static final Pattern V6 = Pattern.compile("(?<![A-Za-z0-9:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:" + IPV4
            + "|[0-9A-Fa-f]{0,4})(?:/\\d{1,3})?(?![A-Za-z0-9:])");
    private static final Pattern HASH = Pattern.compile(
            "(?<![A-Za-z0-9])(?:[0-9A-Fa-f]{128}|[0-9A-Fa-f]{64}|[0-9A-Fa-f]{40}|[0-9A-Fa-f]{32})(?![A-Za-z0-9])");
    private static final Pattern CVE = Pattern.compile(
            "(?i)(?<![A-Za-z0-9])CVE[-\u2010\u2011\u2013](\\d{4})[-\u2010\u2011\u2013](\\d{4,7})(?![0-9])");
    private static final Pattern TECHNIQUE =
            Pattern.compile("(?<![A-Za-z0-9])T\\d{4}(?:\\.\\d{3})?(?![A-Za-z0-9]|\\.\\d)");
    private static final Pattern GROUP = Pattern.compile("(?<![A-Za-z0-9])G\\d{4}(?![A-Za-z0-9])");

    /** Suffixes that are also file extensions: "update.zip" is a file unless it was defanged. */
    private static final Set<String> FILE_LIKE = Set.of(
            "zip", "mov", "py", "sh", "pl", "rs", "md", "ps", "so", "exe", "bat", "lnk", "doc", "docm", "one", "dll",
            "bin", "sys", "cab", "rar", "gz", "tar", "php", "ini", "log", "cfg");

    private static final String TRAILING = ".,;:!?)]}'\"";

    private Indicators() {}

    static List<Found> find(String page, Refanged r, Benign benign) {
        String t = r.text;
        List<Found> found = new ArrayList<>();
        Ranges claimed = new Ranges();

        Matcher m = URL.matcher(t);
        while (m.find()) {
            int end = trimUrl(t, m.start(), m.end());
            String url = t.substring(m.start(), end);
            String normal = normaliseUrl(url);
            if (normal == null) {
                continue;
            }
            claimed.add(m.start(), end);
            String host = hostOf(normal);
            if (benign.domain(host) || benign.value(normal)) {
                continue;
            }
            add(found, r, CandidateKind.URL, normal, m.start(), end, "url", Map.of("host", host));
        }
        m = EMAIL.matcher(t);
        while (m.find()) {
            if (claimed.overlaps(m.start(), m.end())) {
                continue;
            }
            String domain = m.group(1).toLowerCase(Locale.ROOT);
            if (!publicDomain(domain)) {
                continue;
            }
            claimed.add(m.start(), m.end());
            String local = t.substring(m.start(), m.start(1) - 1);
            String normal = local + "@" + domain;
            if (benign.domain(domain) || benign.value(normal)) {
                continue;
            }
            add(found, r, CandidateKind.EMAIL, normal, m.start(), m.end(), "email", Map.of());
        }
        m = V4.matcher(t);
        while (m.find()) {
            if (claimed.overlaps(m.start(), m.end())) {
                continue;
            }
            claimed.add(m.start(), m.end());
            String value = m.group();
            if (benign.address(value) || versionBefore(t, m.start())) {
                continue;
            }
            add(
                    found,
                    r,
                    CandidateKind.IPV4,
                    value,
                    m.start(),
                    m.end(),
                    value.contains("/") ? "ipv4-cidr" : "ipv4",
                    Map.of());
        }
        m = V6.matcher(t);
        while (m.find()) {
            if (claimed.overlaps(m.start(), m.end())) {
                continue;
            }
            String normal = normaliseV6(m.group());
            if (normal == null) {
                continue;
            }
            claimed.add(m.start(), m.end());
            if (benign.address(normal)) {
                continue;
            }
            add(
                    found,
                    r,
                    CandidateKind.IPV6,
                    normal,
                    m.start(),
                    m.end(),
                    normal.contains("/") ? "ipv6-cidr" : "ipv6",
                    Map.of());
        }
        m = DOMAIN.matcher(t);
        while (m.find()) {
            if (claimed.overlaps(m.start(), m.end())) {
                continue;
            }
            String raw = m.group();
            boolean defanged = r.defanged(m.start(), m.end());
            String domain = raw.toLowerCase(Locale.ROOT);
            String tld = raw.substring(raw.lastIndexOf('.') + 1);
            if (!defanged
                    && (!tld.equals(tld.toLowerCase(Locale.ROOT))
                            || FILE_LIKE.contains(tld.toLowerCase(Locale.ROOT)))) {
                // "Moscow.The" is a sentence without its space, "ASP.NET" a product, "invoice.zip" a file.
                continue;
            }
            if (!publicDomain(domain) || wrapped(page, r.pageStart(m.start()), r.pageEnd(m.end()))) {
                continue;
            }
            if (benign.domain(domain)) {
                continue;
            }
            add(
                    found,
                    r,
                    CandidateKind.DOMAIN,
                    domain,
                    m.start(),
                    m.end(),
                    defanged ? "domain-defanged" : "domain",
                    Map.of());
        }
        m = HASH.matcher(t);
        while (m.find()) {
            if (claimed.overlaps(m.start(), m.end())) {
                continue;
            }
            String algorithm = switch (m.group().length()) {
                case 32 -> "MD5";
                case 40 -> "SHA-1";
                case 64 -> "SHA-256";
                default -> "SHA-512";
            };
            String value = m.group().toLowerCase(Locale.ROOT);
            if (benign.value(value)) {
                continue;
            }
            add(
                    found,
                    r,
                    CandidateKind.FILE_HASH,
                    value,
                    m.start(),
                    m.end(),
                    "hash-" + algorithm.toLowerCase(Locale.ROOT),
                    Map.of("algorithm", algorithm));
        }
        m = CVE.matcher(t);
        while (m.find()) {
            String value = "CVE-" + m.group(1) + "-" + m.group(2);
            add(found, r, CandidateKind.CVE, value, m.start(), m.end(), "cve", Map.of());
        }
        m = TECHNIQUE.matcher(t);
        while (m.find()) {
            if (claimed.overlaps(m.start(), m.end())) {
                continue;
            }
            add(
                    found,
                    r,
                    CandidateKind.ATTACK_TECHNIQUE,
                    m.group(),
                    m.start(),
                    m.end(),
                    m.group().contains(".") ? "attack-subtechnique" : "attack-technique",
                    Map.of());
        }
        m = GROUP.matcher(t);
        while (m.find()) {
            if (claimed.overlaps(m.start(), m.end())) {
                continue;
            }
            add(found, r, CandidateKind.ATTACK_GROUP, m.group(), m.start(), m.end(), "attack-group", Map.of());
        }
        return found;
    }

    private static void add(
            List<Found> found,
            Refanged r,
            CandidateKind kind,
            String value,
            int start,
            int end,
            String rule,
            Map<String, String> details) {
        int pageStart = r.pageStart(start);
        int pageEnd = r.pageEnd(end);
        found.add(new Found(kind, value, pageStart, pageEnd, rule, details));
    }

    /** "version 1.2.3.4", "v1.2.3.4", "build 10.0.19041.1": a version, not an address. */
    private static boolean versionBefore(String t, int start) {
        int from = Math.max(0, start - 9);
        String before = t.substring(from, start).toLowerCase(Locale.ROOT);
        return before.matches("(?s).*(?:version|build|release|\\bv|\\bver\\.?)[ \\t]?$");
    }

    /** A name broken over two lines by a hyphen ("evil-" then "host.com") is a fragment, not a name. */
    private static boolean wrapped(String page, int start, int end) {
        int before = start - 1;
        while (before >= 0
                && (page.charAt(before) == ' ' || page.charAt(before) == '\t' || page.charAt(before) == '\r')) {
            before--;
        }
        if (before >= 1 && page.charAt(before) == '\n') {
            int prev = before - 1;
            while (prev >= 0 && (page.charAt(prev) == ' ' || page.charAt(prev) == '\r')) {
                prev--;
            }
            if (prev >= 0 && (page.charAt(prev) == '-' || page.charAt(prev) == '\u00ad')) {
                return true;
            }
        }
        return end < page.length()
                && (page.charAt(end) == '-' || page.charAt(end) == '\u00ad')
                && end + 1 < page.length()
                && (page.charAt(end + 1) == '\n' || page.charAt(end + 1) == '\r');
    }

    static boolean publicDomain(String domain) {
        if (domain.length() > 253 || !InternetDomainName.isValid(domain)) {
            return false;
        }
        InternetDomainName name = InternetDomainName.from(domain);
        return name.isUnderPublicSuffix();
    }

    private static int trimUrl(String t, int start, int end) {
        while (end > start && TRAILING.indexOf(t.charAt(end - 1)) >= 0) {
            char last = t.charAt(end - 1);
            if (last == ')' && count(t, start, end, '(') >= count(t, start, end, ')')) {
                break;
            }
            end--;
        }
        return end;
    }

    private static int count(String t, int start, int end, char c) {
        int n = 0;
        for (int i = start; i < end; i++) {
            if (t.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }

    /** The URL with its scheme and host in lower case, or null when its host is no host. */
    private static String normaliseUrl(String url) {
        int sep = url.indexOf("://");
        String scheme = url.substring(0, sep).toLowerCase(Locale.ROOT);
        String rest = url.substring(sep + 3);
        int pathAt = firstOf(rest, "/?#");
        String authority = pathAt < 0 ? rest : rest.substring(0, pathAt);
        String path = pathAt < 0 ? "" : rest.substring(pathAt);
        String userInfo = "";
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            userInfo = authority.substring(0, at + 1);
            authority = authority.substring(at + 1);
        }
        String host = authority;
        String port = "";
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close < 0) {
                return null;
            }
            port = host.substring(close + 1);
            host = host.substring(0, close + 1);
            if (!InetAddresses.isUriInetAddress(host)) {
                return null;
            }
        } else {
            int colon = host.lastIndexOf(':');
            if (colon >= 0) {
                port = host.substring(colon);
                host = host.substring(0, colon);
            }
            host = host.toLowerCase(Locale.ROOT);
            if (!(host.matches(IPV4) || publicDomain(host))) {
                return null;
            }
        }
        if (!port.isEmpty() && !port.matches(":\\d{1,5}")) {
            return null;
        }
        return scheme + "://" + userInfo + host.toLowerCase(Locale.ROOT) + port + path;
    }

    private static String hostOf(String normalUrl) {
        String rest = normalUrl.substring(normalUrl.indexOf("://") + 3);
        int pathAt = firstOf(rest, "/?#");
        String authority = pathAt < 0 ? rest : rest.substring(0, pathAt);
        authority = authority.substring(authority.lastIndexOf('@') + 1);
        if (authority.startsWith("[")) {
            return authority.substring(0, authority.indexOf(']') + 1);
        }
        int colon = authority.lastIndexOf(':');
        return colon < 0 ? authority : authority.substring(0, colon);
    }

    private static int firstOf(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** The address (or network) in RFC 5952's compressed lower-case form, or null. */
    private static String normaliseV6(String raw) {
        String address = raw;
        String prefix = "";
        int slash = raw.indexOf('/');
        if (slash >= 0) {
            address = raw.substring(0, slash);
            prefix = raw.substring(slash);
            int bits = Integer.parseInt(prefix.substring(1));
            if (bits > 128) {
                return null;
            }
        }
        if (!address.matches(".*[0-9A-Fa-f].*") || !InetAddresses.isInetAddress(address)) {
            return null;
        }
        InetAddress inet = InetAddresses.forString(address);
        if (inet instanceof Inet4Address) {
            return null;
        }
        return InetAddresses.toAddrString(inet) + prefix;
    }
}

package org.tearline.stix.validation;

import java.util.regex.Pattern;

/**
 * Value formats STIX 2.1 prescribes for strings. Every pattern is compiled once; every method is
 * a pure predicate, cheap enough to run on each posted object.
 */
final class Formats {

    private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}"
            + "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(/(3[0-2]|[12][0-9]|[0-9]))?");
    private static final Pattern MAC = Pattern.compile("([0-9a-f]{2}:){5}[0-9a-f]{2}");
    private static final Pattern HEX_CHARS = Pattern.compile("([0-9a-f]{2})*");
    private static final Pattern ANY_HEX = Pattern.compile("[0-9a-fA-F]+");
    private static final Pattern SSDEEP = Pattern.compile("[0-9]{1,10}:[A-Za-z0-9/+]*:[A-Za-z0-9/+]*(,\"[^\"]*\")?");
    private static final Pattern TLSH = Pattern.compile("(T1)?[0-9a-fA-F]{70}");
    private static final Pattern PROPERTY_NAME = Pattern.compile("[a-z][a-z0-9_]{2,249}");
    private static final Pattern DICTIONARY_KEY = Pattern.compile("[a-zA-Z0-9_-]{1,250}");
    private static final Pattern HASH_KEY = Pattern.compile("[a-zA-Z0-9_-]{3,250}");
    private static final Pattern URL = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:[^\\s\\x00-\\x1f\\x7f\"<>\\\\^`{|}]+");
    private static final Pattern EMAIL = Pattern.compile("[^\\s<>@\"(),;]+@[^\\s<>@\"(),;]+");
    private static final Pattern CVE = Pattern.compile("CVE-[0-9]{4}-[0-9]{4,}");
    private static final Pattern CAPEC = Pattern.compile("CAPEC-[0-9]+");
    private static final Pattern RELATIONSHIP_TYPE = Pattern.compile("[a-z0-9-]+");
    private static final Pattern EXTENSION_DEFINITION_ID =
            Pattern.compile("extension-definition--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern CUSTOM_EXTENSION_NAME = Pattern.compile("[a-z0-9-]{0,246}-ext");
    private static final Pattern ABBREVIATED_HIVE =
            Pattern.compile("(?i)(hklm|hkcu|hkcr|hku|hkcc|hkpd|hkdd)(\\\\.*)?", Pattern.DOTALL);

    private Formats() {}

    static boolean ipv4(String s) {
        return s.length() <= 18 && IPV4.matcher(s).matches();
    }

    /**
     * An IPv6 address in any RFC 4291 text form, optionally with a CIDR prefix length 0..128
     * written without leading zeros.
     */
    static boolean ipv6(String s) {
        if (s.length() > 50) {
            return false;
        }
        String addr = s;
        int slash = s.indexOf('/');
        if (slash >= 0) {
            String prefix = s.substring(slash + 1);
            if (prefix.isEmpty()
                    || prefix.length() > 3
                    || !isDigits(prefix)
                    || (prefix.length() > 1 && prefix.charAt(0) == '0')
                    || Integer.parseInt(prefix) > 128) {
                return false;
            }
            addr = s.substring(0, slash);
        }
        int groups = 0;
        boolean compressed = false;
        String rest = addr;
        int dbl = rest.indexOf("::");
        if (dbl >= 0) {
            if (rest.indexOf("::", dbl + 1) >= 0) {
                return false;
            }
            compressed = true;
            String left = rest.substring(0, dbl);
            String right = rest.substring(dbl + 2);
            int l = countGroups(left, false);
            int r = countGroups(right, true);
            if (l < 0 || r < 0) {
                return false;
            }
            groups = l + r;
            return groups <= 7;
        }
        groups = countGroups(rest, true);
        return !compressed && groups == 8;
    }

    /** Counts 16-bit groups in a colon list; an embedded IPv4 tail counts as two. -1 if bad. */
    private static int countGroups(String part, boolean allowIpv4Tail) {
        if (part.isEmpty()) {
            return 0;
        }
        String[] g = part.split(":", -1);
        int n = 0;
        for (int i = 0; i < g.length; i++) {
            String x = g[i];
            if (allowIpv4Tail && i == g.length - 1 && x.indexOf('.') >= 0) {
                if (!IPV4.matcher(x).matches() || x.indexOf('/') >= 0) {
                    return -1;
                }
                n += 2;
            } else if (x.isEmpty() || x.length() > 4 || !ANY_HEX.matcher(x).matches()) {
                return -1;
            } else {
                n++;
            }
        }
        return n;
    }

    static boolean mac(String s) {
        return s.length() == 17 && MAC.matcher(s).matches();
    }

    /** The STIX hex type (section 2.8): an even number of lowercase hex digits. */
    static boolean hex(String s) {
        return s.length() % 2 == 0 && HEX_CHARS.matcher(s).matches();
    }

    /** RFC 4648 base64 with the standard alphabet and padding (section 2.1). */
    static boolean base64(String s) {
        int n = s.length();
        if (n % 4 != 0) {
            return false;
        }
        int pad = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            boolean alpha =
                    (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
            if (c == '=') {
                pad++;
                if (i < n - 2) {
                    return false;
                }
            } else if (!alpha || pad > 0) {
                return false;
            }
        }
        return pad <= 2;
    }

    /** Section 3.1 and 11.1: ASCII lowercase letter first, then a-z 0-9 _, 3 to 250 long. */
    static boolean propertyName(String s) {
        return s.length() <= 250 && PROPERTY_NAME.matcher(s).matches();
    }

    /** Section 2.3: dictionary keys are ASCII letters, digits, hyphen, underscore, at most 250. */
    static boolean dictionaryKey(String s) {
        return s.length() <= 250 && DICTIONARY_KEY.matcher(s).matches();
    }

    /** Section 2.7: hash keys as dictionary keys but at least 3 characters long. */
    static boolean hashKey(String s) {
        return s.length() <= 250 && HASH_KEY.matcher(s).matches();
    }

    /**
     * The value format section 10.7 gives each hash algorithm; null when the value fits, or a
     * short description of the expected format.
     */
    static String hashProblem(String algorithm, String value) {
        switch (algorithm) {
            case "MD5":
                return hexOfLength(value, 32) ? null : "32 hexadecimal digits";
            case "SHA-1":
                return hexOfLength(value, 40) ? null : "40 hexadecimal digits";
            case "SHA-256":
            case "SHA3-256":
                return hexOfLength(value, 64) ? null : "64 hexadecimal digits";
            case "SHA-512":
            case "SHA3-512":
                return hexOfLength(value, 128) ? null : "128 hexadecimal digits";
            case "SSDEEP":
                return value.length() <= 200 && SSDEEP.matcher(value).matches()
                        ? null
                        : "an ssdeep piecewise hash, blocksize:hash:hash";
            case "TLSH":
                return value.length() <= 72 && TLSH.matcher(value).matches()
                        ? null
                        : "a 35-byte TLSH digest, 70 hexadecimal digits";
            default:
                return null;
        }
    }

    private static boolean hexOfLength(String s, int n) {
        return s.length() == n && ANY_HEX.matcher(s).matches();
    }

    /** An RFC 3986 URI with a scheme and no characters a URI cannot contain. */
    static boolean url(String s) {
        return s.length() <= 100_000 && URL.matcher(s).matches();
    }

    /** An addr-spec without display name (section 6.5.1). */
    static boolean emailAddress(String s) {
        return s.length() <= 1000 && EMAIL.matcher(s).matches();
    }

    /**
     * A domain name: dot-separated labels of 1 to 63 characters, at most 253 in all, no
     * whitespace or characters that cannot appear in a DNS name or an IDN U-label.
     */
    static boolean domainName(String s) {
        if (s.isEmpty() || s.length() > 253) {
            return false;
        }
        String name = s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
        int labelStart = 0;
        for (int i = 0; i <= name.length(); i++) {
            if (i == name.length() || name.charAt(i) == '.') {
                int len = i - labelStart;
                if (len < 1 || len > 63) {
                    return false;
                }
                labelStart = i + 1;
                continue;
            }
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '*'
                    || (c > 0x7f && !Character.isWhitespace(c) && !Character.isISOControl(c));
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static boolean cve(String s) {
        return CVE.matcher(s).matches();
    }

    static boolean capec(String s) {
        return CAPEC.matcher(s).matches();
    }

    /** Section 5.1.2: relationship_type is ASCII a-z, 0-9 and hyphen. */
    static boolean relationshipType(String s) {
        return s.length() <= 250 && RELATIONSHIP_TYPE.matcher(s).matches();
    }

    static boolean extensionDefinitionId(String s) {
        return EXTENSION_DEFINITION_ID.matcher(s).matches();
    }

    /** Section 11.3.1: custom extension names, a-z 0-9 hyphen, ending -ext, 3 to 250 long. */
    static boolean customExtensionName(String s) {
        return s.length() >= 4
                && s.length() <= 250
                && CUSTOM_EXTENSION_NAME.matcher(s).matches();
    }

    /** Section 6.17.1: the hive must be written out (HKEY_LOCAL_MACHINE, not HKLM). */
    static boolean abbreviatedHive(String key) {
        return ABBREVIATED_HIVE.matcher(key).matches();
    }

    private static boolean isDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}

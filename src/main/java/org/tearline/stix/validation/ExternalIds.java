package org.tearline.stix.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * The rules attack-pattern and vulnerability add to external references: a CAPEC id is given
 * with source_name {@code capec} and external_id {@code CAPEC-[id]} (section 4.1.1); a CVE id
 * with source_name {@code cve} and the exact CVE identifier (section 4.19.1).
 */
final class ExternalIds {

    static final ObjectRule CAPEC = rule("capec", "CAPEC-", "CAPEC-<number>", true);
    static final ObjectRule CVE = rule("cve", "CVE-", "CVE-<year>-<number of 4 or more digits>", false);

    private ExternalIds() {}

    private static ObjectRule rule(String source, String prefix, String form, boolean capec) {
        return (node, path, r) -> {
            JsonNode refs = node.get("external_references");
            if (refs == null || !refs.isArray()) {
                return;
            }
            for (int i = 0; i < refs.size(); i++) {
                JsonNode ref = refs.get(i);
                JsonNode sn = ref.get("source_name");
                JsonNode id = ref.get("external_id");
                String p = Paths.index(Paths.child(path, "external_references"), i);
                boolean named = sn != null && sn.isTextual() && sn.textValue().equals(source);
                boolean looksLikeId = id != null
                        && id.isTextual()
                        && id.textValue().toUpperCase(Locale.ROOT).startsWith(prefix);
                if (named && id != null && id.isTextual()) {
                    String v = id.textValue();
                    boolean ok = capec ? Formats.capec(v) : Formats.cve(v);
                    if (!ok) {
                        r.add(
                                Paths.child(p, "external_id"),
                                Rules.EXTERNAL_REFERENCE,
                                "external_id " + Quote.text(v) + " of a '" + source + "' reference must have the form "
                                        + form);
                    }
                } else if (!named && looksLikeId && sn != null && sn.isTextual()) {
                    r.add(
                            Paths.child(p, "source_name"),
                            Rules.EXTERNAL_REFERENCE,
                            "external_id " + Quote.text(id.textValue()) + " is a " + prefix
                                    + " id, so source_name must be '" + source + "', not "
                                    + Quote.text(sn.textValue()));
                }
            }
        };
    }
}

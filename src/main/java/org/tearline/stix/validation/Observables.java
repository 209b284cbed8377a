package org.tearline.stix.validation;

import static org.tearline.stix.validation.Checks.BINARY;
import static org.tearline.stix.validation.Checks.BOOLEAN;
import static org.tearline.stix.validation.Checks.CHARSET;
import static org.tearline.stix.validation.Checks.FLOAT;
import static org.tearline.stix.validation.Checks.HASHES;
import static org.tearline.stix.validation.Checks.HEX;
import static org.tearline.stix.validation.Checks.INTEGER;
import static org.tearline.stix.validation.Checks.LANGUAGE;
import static org.tearline.stix.validation.Checks.NON_NEGATIVE;
import static org.tearline.stix.validation.Checks.STRING;
import static org.tearline.stix.validation.Checks.TIMESTAMP;
import static org.tearline.stix.validation.Checks.URL;
import static org.tearline.stix.validation.Checks.dictionary;
import static org.tearline.stix.validation.Checks.enumeration;
import static org.tearline.stix.validation.Checks.format;
import static org.tearline.stix.validation.Checks.integer;
import static org.tearline.stix.validation.Checks.list;
import static org.tearline.stix.validation.Checks.object;
import static org.tearline.stix.validation.Checks.ref;
import static org.tearline.stix.validation.Checks.refs;
import static org.tearline.stix.validation.CommonShapes.sco;
import static org.tearline.stix.validation.Constraints.atLeastOneOf;
import static org.tearline.stix.validation.Constraints.atLeastOneProperty;
import static org.tearline.stix.validation.Constraints.encoding;
import static org.tearline.stix.validation.Constraints.mutuallyExclusive;
import static org.tearline.stix.validation.Constraints.order;
import static org.tearline.stix.validation.Constraints.requires;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.tearline.stix.vocab.Vocabularies;

/**
 * The property tables of the 18 SCOs (section 6), their predefined extensions (section 3.10)
 * and their ID contributing properties (section 3.4).
 *
 * <p>Past 500 lines because it is data: the SCO tables in the order of section 6, read against
 * the specification one type after another.
 */
final class Observables {

    private static final ValueCheck STRINGS = list(STRING);
    private static final ValueCheck ADDRESS_REF = ref(RefTypes.of("ipv4-addr", "ipv6-addr", "mac-addr", "domain-name"));
    private static final ValueCheck ARTIFACT_REF = ref(RefTypes.of("artifact"));
    private static final ValueCheck USER_ACCOUNT_REF = ref(RefTypes.of("user-account"));
    private static final ValueCheck EMAIL_ADDR_REF = ref(RefTypes.of("email-addr"));
    private static final ValueCheck PORT = integer(0, 65535);
    private static final ValueCheck STRING_LISTS = dictionary(STRINGS);
    private static final ValueCheck INTEGER_OR_STRING =
            Checks.typed(DataType.simple("integer-or-string"), (v, path, r) -> {
                if (v.isTextual()) {
                    return;
                }
                if (v.isNumber()) {
                    INTEGER.check(v, path, r);
                } else {
                    Checks.wrongType(v, "an integer or a string", path, r);
                }
            });
    /** One attribute of a CPE 2.3 formatted string (NISTIR 7695 section 6.2). */
    private static final String CPE_ATTRIBUTE =
            "(((\\?*|\\*?)([a-zA-Z0-9\\-._]" + "|(\\\\[\\\\*?!\"#$%&'()+,/:;<=>@\\[\\]^`{|}~]))+(\\?*|\\*?))|[*\\-])";
    /** CPE 2.3 formatted string binding: "cpe:2.3:", the part, then 10 more attributes. */
    private static final Pattern CPE23 = Pattern.compile("cpe:2\\.3:[aho*\\-](:" + CPE_ATTRIBUTE
            + "){5}(:(([a-zA-Z]{2,3}(-([a-zA-Z]{2}|[0-9]{3}))?)|[*\\-]))(:" + CPE_ATTRIBUTE
            + "){4}");

    private Observables() {}

    /** Section 6.6.2. */
    static final Shape EMAIL_MIME_PART = Shape.builder("email-mime-part-type")
            .optional("body", STRING)
            .optional("body_raw_ref", ref(RefTypes.of("artifact", "file")))
            .optional("content_type", STRING)
            .optional("content_disposition", STRING)
            .rule(atLeastOneOf("body", "body_raw_ref"))
            .build();

    /** Section 6.7.3, alternate-data-stream-type. */
    static final Shape ALTERNATE_DATA_STREAM = Shape.builder("alternate-data-stream-type")
            .required("name", STRING)
            .optional("hashes", HASHES)
            .optional("size", NON_NEGATIVE)
            .build();

    /** Section 6.7.6, windows-pe-optional-header-type. */
    static final Shape PE_OPTIONAL_HEADER = peOptionalHeader();

    /** Section 6.7.6, windows-pe-section-type. */
    static final Shape PE_SECTION = Shape.builder("windows-pe-section-type")
            .required("name", STRING)
            .optional("size", NON_NEGATIVE)
            .optional("entropy", FLOAT)
            .optional("hashes", HASHES)
            .build();

    /** Section 6.17.2. */
    static final Shape REGISTRY_VALUE = Shape.builder("windows-registry-value-type")
            .optional("name", STRING)
            .optional("data", STRING)
            .optional(
                    "data_type", enumeration("windows-registry-datatype-enum", Vocabularies.WINDOWS_REGISTRY_DATATYPE))
            .rule(atLeastOneOf("name", "data", "data_type"))
            .build();

    /** Section 6.18.2. */
    static final Shape X509_V3_EXTENSIONS = x509v3();

    private static Shape peOptionalHeader() {
        Shape.Builder b = Shape.builder("windows-pe-optional-header-type")
                .optional("magic_hex", HEX)
                .optional("major_linker_version", INTEGER)
                .optional("minor_linker_version", INTEGER)
                .optional("size_of_code", NON_NEGATIVE)
                .optional("size_of_initialized_data", NON_NEGATIVE)
                .optional("size_of_uninitialized_data", NON_NEGATIVE)
                .optional("address_of_entry_point", INTEGER)
                .optional("base_of_code", INTEGER)
                .optional("base_of_data", INTEGER)
                .optional("image_base", INTEGER)
                .optional("section_alignment", INTEGER)
                .optional("file_alignment", INTEGER)
                .optional("major_os_version", INTEGER)
                .optional("minor_os_version", INTEGER)
                .optional("major_image_version", INTEGER)
                .optional("minor_image_version", INTEGER)
                .optional("major_subsystem_version", INTEGER)
                .optional("minor_subsystem_version", INTEGER)
                .optional("win32_version_value_hex", HEX)
                .optional("size_of_image", NON_NEGATIVE)
                .optional("size_of_headers", NON_NEGATIVE)
                .optional("checksum_hex", HEX)
                .optional("subsystem_hex", HEX)
                .optional("dll_characteristics_hex", HEX)
                .optional("size_of_stack_reserve", NON_NEGATIVE)
                .optional("size_of_stack_commit", NON_NEGATIVE)
                .optional("size_of_heap_reserve", NON_NEGATIVE)
                .optional("size_of_heap_commit", NON_NEGATIVE)
                .optional("loader_flags_hex", HEX)
                .optional("number_of_rva_and_sizes", INTEGER)
                .optional("hashes", HASHES);
        return b.rule(atLeastOneProperty("windows-pe-optional-header-type")).build();
    }

    private static Shape x509v3() {
        Shape.Builder b = Shape.builder("x509-v3-extensions-type");
        for (String p : new String[] {
            "basic_constraints",
            "name_constraints",
            "policy_constraints",
            "key_usage",
            "extended_key_usage",
            "subject_key_identifier",
            "authority_key_identifier",
            "subject_alternative_name",
            "issuer_alternative_name",
            "subject_directory_attributes",
            "crl_distribution_points",
            "inhibit_any_policy",
            "certificate_policies",
            "policy_mappings"
        }) {
            b.optional(p, STRING);
        }
        b.optional("private_key_usage_period_not_before", TIMESTAMP);
        b.optional("private_key_usage_period_not_after", TIMESTAMP);
        return b.rule(atLeastOneProperty("x509_v3_extensions")).build();
    }

    /** One SCO's table: its shape, predefined extensions and ID contributing properties. */
    record Sco(Shape shape, Map<String, Shape> extensions, Set<String> idContributing) {}

    /** All SCO types of section 6. */
    static List<Sco> scos() {
        return List.of(
                new Sco(
                        sco("artifact")
                                .optional("mime_type", STRING)
                                .optional("payload_bin", BINARY)
                                .optional("url", URL)
                                .optional("hashes", HASHES)
                                .optional(
                                        "encryption_algorithm",
                                        enumeration("encryption-algorithm-enum", Vocabularies.ENCRYPTION_ALGORITHM))
                                .optional("decryption_key", STRING)
                                .rule(atLeastOneOf("payload_bin", "url"))
                                .rule(mutuallyExclusive("payload_bin", "url"))
                                .rule(requires("url", "hashes"))
                                .rule(requires("decryption_key", "encryption_algorithm"))
                                .build(),
                        Map.of(),
                        Set.of("hashes", "payload_bin")),
                new Sco(
                        sco("autonomous-system")
                                .required("number", INTEGER)
                                .optional("name", STRING)
                                .optional("rir", STRING)
                                .build(),
                        Map.of(),
                        Set.of("number")),
                new Sco(
                        sco("directory")
                                .required("path", STRING)
                                .optional("path_enc", CHARSET)
                                .optional("ctime", TIMESTAMP)
                                .optional("mtime", TIMESTAMP)
                                .optional("atime", TIMESTAMP)
                                .optional("contains_refs", refs(RefTypes.of("file", "directory")))
                                .rule(encoding("path"))
                                .build(),
                        Map.of(),
                        Set.of("path")),
                new Sco(
                        sco("domain-name")
                                .required(
                                        "value",
                                        format(
                                                "domain-name",
                                                Formats::domainName,
                                                "a domain name (RFC 1034, RFC 5890)"))
                                .optional(
                                        "resolves_to_refs", refs(RefTypes.of("ipv4-addr", "ipv6-addr", "domain-name")))
                                .build(),
                        Map.of(),
                        Set.of("value")),
                new Sco(
                        sco("email-addr")
                                .required(
                                        "value",
                                        format(
                                                "email-address",
                                                Formats::emailAddress,
                                                "an email address without display name (section 6.5.1)"))
                                .optional("display_name", STRING)
                                .optional("belongs_to_ref", USER_ACCOUNT_REF)
                                .build(),
                        Map.of(),
                        Set.of("value")),
                new Sco(
                        sco("email-message")
                                .required("is_multipart", BOOLEAN)
                                .optional("date", TIMESTAMP)
                                .optional("content_type", STRING)
                                .optional("from_ref", EMAIL_ADDR_REF)
                                .optional("sender_ref", EMAIL_ADDR_REF)
                                .optional("to_refs", refs(RefTypes.of("email-addr")))
                                .optional("cc_refs", refs(RefTypes.of("email-addr")))
                                .optional("bcc_refs", refs(RefTypes.of("email-addr")))
                                .optional("message_id", STRING)
                                .optional("subject", STRING)
                                .optional("received_lines", STRINGS)
                                .optional("additional_header_fields", STRING_LISTS)
                                .optional("body", STRING)
                                .optional("body_multipart", list(object(EMAIL_MIME_PART)))
                                .optional("raw_email_ref", ARTIFACT_REF)
                                .rule(Observables::multipart)
                                .build(),
                        Map.of(),
                        Set.of("from_ref", "subject", "body")),
                new Sco(
                        sco("file")
                                .optional("hashes", HASHES)
                                .optional("size", NON_NEGATIVE)
                                .optional("name", STRING)
                                .optional("name_enc", CHARSET)
                                .optional("magic_number_hex", HEX)
                                .optional("mime_type", STRING)
                                .optional("ctime", TIMESTAMP)
                                .optional("mtime", TIMESTAMP)
                                .optional("atime", TIMESTAMP)
                                .optional("parent_directory_ref", ref(RefTypes.of("directory")))
                                .optional("contains_refs", refs(RefTypes.ANY))
                                .optional("content_ref", ARTIFACT_REF)
                                .rule(atLeastOneOf("hashes", "name"))
                                .rule(encoding("name"))
                                .build(),
                        fileExtensions(),
                        Set.of("hashes", "name", "extensions", "parent_directory_ref")),
                new Sco(
                        sco("ipv4-addr")
                                .required(
                                        "value",
                                        format(
                                                "ipv4",
                                                Formats::ipv4,
                                                "an IPv4 address, optionally with a CIDR prefix length 0-32"))
                                .optional("resolves_to_refs", refs(RefTypes.of("mac-addr")))
                                .optional("belongs_to_refs", refs(RefTypes.of("autonomous-system")))
                                .build(),
                        Map.of(),
                        Set.of("value")),
                new Sco(
                        sco("ipv6-addr")
                                .required(
                                        "value",
                                        format(
                                                "ipv6",
                                                Formats::ipv6,
                                                "an IPv6 address, optionally with a CIDR prefix length 0-128"))
                                .optional("resolves_to_refs", refs(RefTypes.of("mac-addr")))
                                .optional("belongs_to_refs", refs(RefTypes.of("autonomous-system")))
                                .build(),
                        Map.of(),
                        Set.of("value")),
                new Sco(
                        sco("mac-addr")
                                .required(
                                        "value",
                                        format(
                                                "mac",
                                                Formats::mac,
                                                "a colon-delimited, lowercase MAC-48 address with leading zeros"))
                                .build(),
                        Map.of(),
                        Set.of("value")),
                new Sco(sco("mutex").required("name", STRING).build(), Map.of(), Set.of("name")),
                new Sco(
                        sco("network-traffic")
                                .optional("start", TIMESTAMP)
                                .optional("end", TIMESTAMP)
                                .optional("is_active", BOOLEAN)
                                .optional("src_ref", ADDRESS_REF)
                                .optional("dst_ref", ADDRESS_REF)
                                .optional("src_port", PORT)
                                .optional("dst_port", PORT)
                                .required("protocols", STRINGS)
                                .optional("src_byte_count", INTEGER)
                                .optional("dst_byte_count", INTEGER)
                                .optional("src_packets", INTEGER)
                                .optional("dst_packets", INTEGER)
                                .optional("ipfix", dictionary(INTEGER_OR_STRING))
                                .optional("src_payload_ref", ARTIFACT_REF)
                                .optional("dst_payload_ref", ARTIFACT_REF)
                                .optional("encapsulates_refs", refs(RefTypes.of("network-traffic")))
                                .optional("encapsulated_by_ref", ref(RefTypes.of("network-traffic")))
                                .rule(atLeastOneOf("src_ref", "dst_ref"))
                                .rule(order("start", "end", false))
                                .rule((node, path, r) -> {
                                    if (Constraints.isTrue(node, "is_active") && node.has("end")) {
                                        r.add(
                                                Paths.child(path, "end"),
                                                Rules.INCONSISTENT_VALUES,
                                                "'end' must not be present while is_active is true");
                                    }
                                })
                                .build(),
                        networkTrafficExtensions(),
                        Set.of(
                                "start",
                                "end",
                                "src_ref",
                                "dst_ref",
                                "src_port",
                                "dst_port",
                                "protocols",
                                "extensions")),
                new Sco(
                        sco("process")
                                .optional("is_hidden", BOOLEAN)
                                .optional("pid", INTEGER)
                                .optional("created_time", TIMESTAMP)
                                .optional("cwd", STRING)
                                .optional("command_line", STRING)
                                .optional("environment_variables", dictionary(STRING))
                                .optional("opened_connection_refs", refs(RefTypes.of("network-traffic")))
                                .optional("creator_user_ref", USER_ACCOUNT_REF)
                                .optional("image_ref", ref(RefTypes.of("file")))
                                .optional("parent_ref", ref(RefTypes.of("process")))
                                .optional("child_refs", refs(RefTypes.of("process")))
                                .rule(atLeastOneOf(
                                        "is_hidden",
                                        "pid",
                                        "created_time",
                                        "cwd",
                                        "command_line",
                                        "environment_variables",
                                        "opened_connection_refs",
                                        "creator_user_ref",
                                        "image_ref",
                                        "parent_ref",
                                        "child_refs",
                                        "extensions"))
                                .build(),
                        processExtensions(),
                        Set.of()),
                new Sco(
                        sco("software")
                                .required("name", STRING)
                                .optional(
                                        "cpe",
                                        format(
                                                "cpe",
                                                s -> s.length() <= 1000
                                                        && CPE23.matcher(s).matches(),
                                                "a CPE 2.3 formatted string"))
                                .optional("swid", STRING)
                                .optional("languages", list(LANGUAGE))
                                .optional("vendor", STRING)
                                .optional("version", STRING)
                                .build(),
                        Map.of(),
                        Set.of("name", "cpe", "swid", "vendor", "version")),
                new Sco(sco("url").required("value", URL).build(), Map.of(), Set.of("value")),
                new Sco(
                        sco("user-account")
                                .optional("user_id", STRING)
                                .optional("credential", STRING)
                                .optional("account_login", STRING)
                                .optional("account_type", STRING)
                                .optional("display_name", STRING)
                                .optional("is_service_account", BOOLEAN)
                                .optional("is_privileged", BOOLEAN)
                                .optional("can_escalate_privs", BOOLEAN)
                                .optional("is_disabled", BOOLEAN)
                                .optional("account_created", TIMESTAMP)
                                .optional("account_expires", TIMESTAMP)
                                .optional("credential_last_changed", TIMESTAMP)
                                .optional("account_first_login", TIMESTAMP)
                                .optional("account_last_login", TIMESTAMP)
                                .rule(atLeastOneOf(
                                        "user_id",
                                        "credential",
                                        "account_login",
                                        "account_type",
                                        "display_name",
                                        "is_service_account",
                                        "is_privileged",
                                        "can_escalate_privs",
                                        "is_disabled",
                                        "account_created",
                                        "account_expires",
                                        "credential_last_changed",
                                        "account_first_login",
                                        "account_last_login",
                                        "extensions"))
                                .build(),
                        Map.of("unix-account-ext", unixAccountExtension()),
                        Set.of("account_type", "user_id", "account_login")),
                new Sco(
                        sco("windows-registry-key")
                                .optional("key", STRING)
                                .optional("values", list(object(REGISTRY_VALUE)))
                                .optional("modified_time", TIMESTAMP)
                                .optional("creator_user_ref", USER_ACCOUNT_REF)
                                .optional("number_of_subkeys", INTEGER)
                                .rule(atLeastOneOf(
                                        "key", "values", "modified_time", "creator_user_ref", "number_of_subkeys"))
                                .rule(Observables::registryHive)
                                .build(),
                        Map.of(),
                        Set.of("key", "values")),
                new Sco(
                        sco("x509-certificate")
                                .optional("is_self_signed", BOOLEAN)
                                .optional("hashes", HASHES)
                                .optional("version", STRING)
                                .optional("serial_number", STRING)
                                .optional("signature_algorithm", STRING)
                                .optional("issuer", STRING)
                                .optional("validity_not_before", TIMESTAMP)
                                .optional("validity_not_after", TIMESTAMP)
                                .optional("subject", STRING)
                                .optional("subject_public_key_algorithm", STRING)
                                .optional("subject_public_key_modulus", STRING)
                                .optional("subject_public_key_exponent", INTEGER)
                                .optional("x509_v3_extensions", object(X509_V3_EXTENSIONS))
                                .rule(atLeastOneOf(
                                        "is_self_signed",
                                        "hashes",
                                        "version",
                                        "serial_number",
                                        "signature_algorithm",
                                        "issuer",
                                        "validity_not_before",
                                        "validity_not_after",
                                        "subject",
                                        "subject_public_key_algorithm",
                                        "subject_public_key_modulus",
                                        "subject_public_key_exponent",
                                        "x509_v3_extensions"))
                                .build(),
                        Map.of(),
                        Set.of("hashes", "serial_number")));
    }

    private static Map<String, Shape> fileExtensions() {
        return Map.of(
                "archive-ext",
                        Shape.builder("archive-ext")
                                .required("contains_refs", refs(RefTypes.of("file", "directory")))
                                .optional("comment", STRING)
                                .build(),
                "ntfs-ext",
                        Shape.builder("ntfs-ext")
                                .optional("sid", STRING)
                                .optional("alternate_data_streams", list(object(ALTERNATE_DATA_STREAM)))
                                .rule(atLeastOneProperty("ntfs-ext"))
                                .build(),
                "pdf-ext",
                        Shape.builder("pdf-ext")
                                .optional("version", STRING)
                                .optional("is_optimized", BOOLEAN)
                                .optional("document_info_dict", dictionary(STRING))
                                .optional("pdfid0", STRING)
                                .optional("pdfid1", STRING)
                                .rule(atLeastOneProperty("pdf-ext"))
                                .build(),
                "raster-image-ext",
                        Shape.builder("raster-image-ext")
                                .optional("image_height", INTEGER)
                                .optional("image_width", INTEGER)
                                .optional("bits_per_pixel", INTEGER)
                                .optional("exif_tags", dictionary(INTEGER_OR_STRING))
                                .rule(atLeastOneProperty("raster-image-ext"))
                                .build(),
                "windows-pebinary-ext",
                        Shape.builder("windows-pebinary-ext")
                                .required("pe_type", STRING)
                                .optional("imphash", STRING)
                                .optional("machine_hex", HEX)
                                .optional("number_of_sections", NON_NEGATIVE)
                                .optional("time_date_stamp", Checks.TIMESTAMP_SECONDS) // 6.7.6
                                .optional("pointer_to_symbol_table_hex", HEX)
                                .optional("number_of_symbols", NON_NEGATIVE)
                                .optional("size_of_optional_header", NON_NEGATIVE)
                                .optional("characteristics_hex", HEX)
                                .optional("file_header_hashes", HASHES)
                                .optional("optional_header", object(PE_OPTIONAL_HEADER))
                                .optional("sections", list(object(PE_SECTION)))
                                .rule(atLeastOneProperty("windows-pebinary-ext", "pe_type"))
                                .build());
    }

    private static Map<String, Shape> networkTrafficExtensions() {
        return Map.of(
                "http-request-ext",
                        Shape.builder("http-request-ext")
                                .required("request_method", STRING)
                                .required("request_value", STRING)
                                .optional("request_version", STRING)
                                .optional("request_header", STRING_LISTS)
                                .optional("message_body_length", INTEGER)
                                .optional("message_body_data_ref", ARTIFACT_REF)
                                .build(),
                "icmp-ext",
                        Shape.builder("icmp-ext")
                                .required("icmp_type_hex", HEX)
                                .required("icmp_code_hex", HEX)
                                .build(),
                "socket-ext",
                        Shape.builder("socket-ext")
                                .required(
                                        "address_family",
                                        enumeration(
                                                "network-socket-address-family-enum",
                                                Vocabularies.NETWORK_SOCKET_ADDRESS_FAMILY))
                                .optional("is_blocking", BOOLEAN)
                                .optional("is_listening", BOOLEAN)
                                .optional("options", dictionary(INTEGER))
                                .optional(
                                        "socket_type",
                                        enumeration("network-socket-type-enum", Vocabularies.NETWORK_SOCKET_TYPE))
                                .optional("socket_descriptor", NON_NEGATIVE)
                                .optional("socket_handle", INTEGER)
                                .build(),
                "tcp-ext",
                        Shape.builder("tcp-ext")
                                .optional("src_flags_hex", HEX)
                                .optional("dst_flags_hex", HEX)
                                .rule(atLeastOneProperty("tcp-ext"))
                                .build());
    }

    private static Map<String, Shape> processExtensions() {
        return Map.of(
                "windows-process-ext",
                        Shape.builder("windows-process-ext")
                                .optional("aslr_enabled", BOOLEAN)
                                .optional("dep_enabled", BOOLEAN)
                                .optional("priority", STRING)
                                .optional("owner_sid", STRING)
                                .optional("window_title", STRING)
                                .optional("startup_info", dictionary(Checks.ANY))
                                .optional(
                                        "integrity_level",
                                        enumeration(
                                                "windows-integrity-level-enum", Vocabularies.WINDOWS_INTEGRITY_LEVEL))
                                .rule(atLeastOneProperty("windows-process-ext"))
                                .build(),
                "windows-service-ext",
                        Shape.builder("windows-service-ext")
                                .optional("service_name", STRING)
                                .optional("descriptions", STRINGS)
                                .optional("display_name", STRING)
                                .optional("group_name", STRING)
                                .optional(
                                        "start_type",
                                        enumeration(
                                                "windows-service-start-type-enum",
                                                Vocabularies.WINDOWS_SERVICE_START_TYPE))
                                .optional("service_dll_refs", refs(RefTypes.of("file")))
                                .optional(
                                        "service_type",
                                        enumeration("windows-service-type-enum", Vocabularies.WINDOWS_SERVICE_TYPE))
                                .optional(
                                        "service_status",
                                        enumeration("windows-service-status-enum", Vocabularies.WINDOWS_SERVICE_STATUS))
                                .rule(atLeastOneProperty("windows-service-ext"))
                                .build());
    }

    private static Shape unixAccountExtension() {
        return Shape.builder("unix-account-ext")
                .optional("gid", INTEGER)
                .optional("groups", STRINGS)
                .optional("home_dir", STRING)
                .optional("shell", STRING)
                .rule(atLeastOneProperty("unix-account-ext"))
                .build();
    }

    /** Section 6.6.1: body only when not multipart, body_multipart only when multipart. */
    private static void multipart(ObjectNode node, String path, Report r) {
        if (Constraints.isTrue(node, "is_multipart") && node.has("body")) {
            r.add(
                    Paths.child(path, "body"),
                    Rules.INCONSISTENT_VALUES,
                    "'body' must not be present when is_multipart is true");
        }
        if (Constraints.isFalse(node, "is_multipart") && node.has("body_multipart")) {
            r.add(
                    Paths.child(path, "body_multipart"),
                    Rules.INCONSISTENT_VALUES,
                    "'body_multipart' must not be present when is_multipart is false");
        }
    }

    /** Section 6.17.1: "HKEY_LOCAL_MACHINE must be used instead of HKLM". */
    private static void registryHive(ObjectNode node, String path, Report r) {
        JsonNode key = node.get("key");
        if (key != null && key.isTextual() && Formats.abbreviatedHive(key.textValue())) {
            r.add(
                    Paths.child(path, "key"),
                    Rules.VALUE_FORMAT,
                    "key " + Quote.text(key.textValue()) + " abbreviates its hive; write it out in full (e.g. "
                            + "HKEY_LOCAL_MACHINE, not HKLM)");
        }
    }
}

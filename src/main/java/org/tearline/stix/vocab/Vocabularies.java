package org.tearline.stix.vocab;

import java.util.Set;

/**
 * The closed value lists of STIX 2.1: the enumerations of section 10 (whose terms "MUST NOT be
 * expanded by implementations", section 2.4), the extension types, and the hash algorithm names
 * of the hash-algorithm-ov vocabulary (open, but the spec fixes the value format of each name it
 * lists, section 10.7). Open vocabularies (the {@code -ov} ones) are not here: under the default
 * rules any string is acceptable for them.
 */
public final class Vocabularies {

    /** encryption-algorithm-enum, section 10.4. */
    public static final Set<String> ENCRYPTION_ALGORITHM =
            Set.of("AES-256-GCM", "ChaCha20-Poly1305", "mime-type-indicated");

    /** extension-type-enum, section 10.5. */
    public static final Set<String> EXTENSION_TYPE =
            Set.of("new-sdo", "new-sco", "new-sro", "property-extension", "toplevel-property-extension");

    /** The names hash-algorithm-ov defines, section 10.7. */
    public static final Set<String> HASH_ALGORITHM =
            Set.of("MD5", "SHA-1", "SHA-256", "SHA-512", "SHA3-256", "SHA3-512", "SSDEEP", "TLSH");

    /** network-socket-address-family-enum, section 10.16. */
    public static final Set<String> NETWORK_SOCKET_ADDRESS_FAMILY =
            Set.of("AF_UNSPEC", "AF_INET", "AF_IPX", "AF_APPLETALK", "AF_NETBIOS", "AF_INET6", "AF_IRDA", "AF_BTH");

    /**
     * network-socket-type-enum, section 10.17. (The summary row of the spec's table misprints
     * SOCK_DGRAM as "AF_ISOCK_DGRAMNET"; the value rows below it are taken as authoritative.)
     */
    public static final Set<String> NETWORK_SOCKET_TYPE =
            Set.of("SOCK_STREAM", "SOCK_DGRAM", "SOCK_RAW", "SOCK_RDM", "SOCK_SEQPACKET");

    /** opinion-enum, section 10.18. */
    public static final Set<String> OPINION =
            Set.of("strongly-disagree", "disagree", "neutral", "agree", "strongly-agree");

    /** windows-integrity-level-enum, section 10.27. */
    public static final Set<String> WINDOWS_INTEGRITY_LEVEL = Set.of("low", "medium", "high", "system");

    /** windows-registry-datatype-enum, section 10.29. */
    public static final Set<String> WINDOWS_REGISTRY_DATATYPE = Set.of(
            "REG_NONE",
            "REG_SZ",
            "REG_EXPAND_SZ",
            "REG_BINARY",
            "REG_DWORD",
            "REG_DWORD_BIG_ENDIAN",
            "REG_DWORD_LITTLE_ENDIAN",
            "REG_LINK",
            "REG_MULTI_SZ",
            "REG_RESOURCE_LIST",
            "REG_FULL_RESOURCE_DESCRIPTION",
            "REG_RESOURCE_REQUIREMENTS_LIST",
            "REG_QWORD",
            "REG_INVALID_TYPE");

    /** windows-service-start-type-enum, section 10.30. */
    public static final Set<String> WINDOWS_SERVICE_START_TYPE = Set.of(
            "SERVICE_AUTO_START",
            "SERVICE_BOOT_START",
            "SERVICE_DEMAND_START",
            "SERVICE_DISABLED",
            "SERVICE_SYSTEM_ALERT");

    /** windows-service-type-enum, section 10.31. */
    public static final Set<String> WINDOWS_SERVICE_TYPE = Set.of(
            "SERVICE_KERNEL_DRIVER",
            "SERVICE_FILE_SYSTEM_DRIVER",
            "SERVICE_WIN32_OWN_PROCESS",
            "SERVICE_WIN32_SHARE_PROCESS");

    /** windows-service-status-enum, section 10.32. */
    public static final Set<String> WINDOWS_SERVICE_STATUS = Set.of(
            "SERVICE_CONTINUE_PENDING",
            "SERVICE_PAUSE_PENDING",
            "SERVICE_PAUSED",
            "SERVICE_RUNNING",
            "SERVICE_START_PENDING",
            "SERVICE_STOP_PENDING",
            "SERVICE_STOPPED");

    private Vocabularies() {}
}

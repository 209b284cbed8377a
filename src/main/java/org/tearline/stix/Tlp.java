package org.tearline.stix;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Traffic Light Protocol levels and the marking definitions that carry them: the four TLP 1.0
 * instances predefined by STIX 2.1 (section 7.2.1.4) and the five TLP 2.0 definitions published
 * by OASIS under the TLP 2.0 extension. Levels are ordered from least to most restrictive so a
 * policy can state a ceiling.
 */
public enum Tlp {
    CLEAR(
            "clear",
            "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9",
            "TLP:WHITE",
            "white",
            "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
            "TLP:CLEAR"),
    GREEN(
            "green",
            "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
            "TLP:GREEN",
            "green",
            "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
            "TLP:GREEN"),
    AMBER(
            "amber",
            "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82",
            "TLP:AMBER",
            "amber",
            "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
            "TLP:AMBER"),
    AMBER_STRICT(
            "amber+strict",
            null,
            null,
            null,
            "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
            "TLP:AMBER+STRICT"),
    RED(
            "red",
            "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed",
            "TLP:RED",
            "red",
            "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
            "TLP:RED");

    /** The TLP 2.0 marking extension's extension-definition id. */
    public static final String TLP2_EXTENSION_ID = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";
    /** The created timestamp of every TLP 1.0 instance. */
    public static final String TLP1_CREATED = "2017-01-20T00:00:00.000Z";
    /** The created timestamp of every TLP 2.0 definition. */
    public static final String TLP2_CREATED = "2022-10-01T00:00:00.000Z";

    private final String label;
    private final String tlp1Id;
    private final String tlp1Name;
    private final String tlp1Value;
    private final String tlp2Id;
    private final String tlp2Name;

    Tlp(String label, String tlp1Id, String tlp1Name, String tlp1Value, String tlp2Id, String tlp2Name) {
        this.label = label;
        this.tlp1Id = tlp1Id;
        this.tlp1Name = tlp1Name;
        this.tlp1Value = tlp1Value;
        this.tlp2Id = tlp2Id;
        this.tlp2Name = tlp2Name;
    }

    /** The level's name as TLP 2.0 spells it: clear, green, amber, amber+strict, red. */
    public String label() {
        return label;
    }

    /** The TLP 1.0 marking-definition id, if TLP 1.0 has this level. */
    public Optional<String> tlp1Id() {
        return Optional.ofNullable(tlp1Id);
    }

    /** The TLP 1.0 marking name (TLP:WHITE for CLEAR), if TLP 1.0 has this level. */
    public Optional<String> tlp1Name() {
        return Optional.ofNullable(tlp1Name);
    }

    /** The value of {@code definition.tlp} in the TLP 1.0 instance. */
    public Optional<String> tlp1Value() {
        return Optional.ofNullable(tlp1Value);
    }

    /** The TLP 2.0 marking-definition id. */
    public String tlp2Id() {
        return tlp2Id;
    }

    /** The TLP 2.0 marking name, e.g. TLP:AMBER+STRICT. */
    public String tlp2Name() {
        return tlp2Name;
    }

    /** The level a marking-definition id stands for, under TLP 1.0 or 2.0. */
    public static Optional<Tlp> ofMarkingId(String markingId) {
        return Arrays.stream(values())
                .filter(t -> markingId != null && (markingId.equals(t.tlp1Id) || markingId.equals(t.tlp2Id)))
                .findFirst();
    }

    /** The level for a label such as "amber+strict" or "white" (TLP 1.0's name for clear). */
    public static Optional<Tlp> ofLabel(String label) {
        if (label == null) {
            return Optional.empty();
        }
        String l = label.toLowerCase(Locale.ROOT).replace("tlp:", "").trim();
        if (l.equals("white")) {
            return Optional.of(CLEAR);
        }
        return Arrays.stream(values()).filter(t -> t.label.equals(l)).findFirst();
    }

    /** True when this level is at most as restrictive as {@code ceiling}. */
    public boolean atMost(Tlp ceiling) {
        return compareTo(ceiling) <= 0;
    }
}

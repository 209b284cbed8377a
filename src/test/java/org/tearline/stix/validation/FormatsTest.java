package org.tearline.stix.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tearline.stix.vocab.CharacterSets;
import org.tearline.stix.vocab.LanguageTags;

class FormatsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "::",
                "::1",
                "fe80::",
                "2001:db8::8a2e:370:7334",
                "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
                "::ffff:192.0.2.128",
                "fe80::/64",
                "fe80::/128",
                "fe80::/0",
                "1:2:3:4:5:6:7::"
            })
    void acceptsIpv6AddressesInEveryRfc4291Form(String address) {
        assertThat(Formats.ipv6(address)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "foo",
                ":::",
                "1:2:3:4:5:6:7:8:9",
                "1:2:3:4:5:6:7",
                "fe80::1::2",
                "fe80::/129",
                "fe80::/00",
                "fe80::/03",
                "fe80::/",
                "12345::",
                "::ffff:192.0.2.256",
                "1::2:3:4:5:6:7:8"
            })
    void refusesMalformedIpv6Addresses(String address) {
        assertThat(Formats.ipv6(address)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
        "198.51.100.3,true",
        "10.2.4.5/24,true",
        "0.0.0.0/0,true",
        "1.2.3.4/32,true",
        "1.2.3.4/33,false",
        "1.2.3.4/01,false",
        "01.2.3.4,false",
        "1.2.3,false",
        "256.1.1.1,false",
        "1.2.3.4/,false"
    })
    void checksIpv4AddressesAndPrefixes(String address, boolean valid) {
        assertThat(Formats.ipv4(address)).isEqualTo(valid);
    }

    @ParameterizedTest
    @CsvSource({"'',true", "aGk=,true", "aGVsbG8=,true", "aGVsbG8,false", "a=GV,false", "aGk===,false", "aG k,false"})
    void checksBase64(String text, boolean valid) {
        assertThat(Formats.base64(text)).isEqualTo(valid);
    }

    @ParameterizedTest
    @CsvSource({
        "MD5,d41d8cd98f00b204e9800998ecf8427e,true",
        "MD5,D41D8CD98F00B204E9800998ECF8427E,true",
        "MD5,d41d8cd98f00b204e9800998ecf8427,false",
        "SHA-1,da39a3ee5e6b4b0d3255bfef95601890afd80709,true",
        "SHA-256,e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855,true",
        "SHA-256,e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85g,false",
        "SSDEEP,3:AXGBicFlgVNhBGcL6wCrFQEv:AXGHsNhxLsr2C,true",
        "SSDEEP,not a hash,false",
        "TLSH,T1A5B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3,true",
        "TLSH,abc,false"
    })
    void checksTheValueFormatOfEachHashAlgorithmTheSpecNames(String algorithm, String value, boolean valid) {
        assertThat(Formats.hashProblem(algorithm, value) == null).isEqualTo(valid);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "en",
                "EN",
                "de-CH",
                "zh-Hant-TW",
                "eng",
                "bbb",
                "sgn-BE-FR",
                "i-klingon",
                "x-private",
                "en-x-custom",
                "qaa",
                "es-419",
                "sl-rozaj-biske"
            })
    void acceptsRfc5646LanguageTags(String tag) {
        assertThat(LanguageTags.isValid(tag)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "foo", "español", "en_US", "e", "en-", "-en", "toolongtag", "x", "en-x"})
    void refusesWhatIsNotALanguageTag(String tag) {
        assertThat(LanguageTags.isValid(tag)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
        "US-ASCII,true",
        "utf-8,true",
        "windows-1252,true",
        "ISO-8859-2,true",
        "Shift_JIS,true",
        "bla.bla.bla,false",
        "x-UTF-16LE-BOM,false"
    })
    void knowsIanaCharacterSetNames(String name, boolean registered) {
        assertThat(CharacterSets.isRegistered(name)).isEqualTo(registered);
    }

    @ParameterizedTest
    @CsvSource({"HKLM\\system,true", "hkcu,true", "HKEY_LOCAL_MACHINE\\System,false", "HKLMX\\a,false"})
    void detectsAbbreviatedRegistryHives(String key, boolean abbreviated) {
        assertThat(Formats.abbreviatedHive(key)).isEqualTo(abbreviated);
    }
}

package org.tearline.threat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IpBlockTest {

    private static IpBlock ip(String s) {
        return IpBlock.parse(s).orElseThrow();
    }

    @Test
    void blocksContainTheirAddressesOnly() {
        assertThat(ip("198.51.100.0/24").contains(ip("198.51.100.255"))).isTrue();
        assertThat(ip("198.51.100.0/24").contains(ip("198.51.101.0"))).isFalse();
        assertThat(ip("198.51.100.7").contains(ip("198.51.100.0/24"))).isFalse();
        assertThat(ip("0.0.0.0/0").contains(ip("203.0.113.9"))).isTrue();
        assertThat(ip("2001:db8:abcd::/48").contains(ip("2001:db8:abcd:12::7"))).isTrue();
        assertThat(ip("2001:db8:abcd::/48").contains(ip("2001:db8:abce::1"))).isFalse();
        assertThat(ip("::/0").contains(ip("198.51.100.7"))).isFalse();
    }

    @Test
    void aBlockWrittenWithHostBitsIsItsNetwork() {
        assertThat(ip("198.51.100.77/24")).isEqualTo(ip("198.51.100.0/24"));
        assertThat(ip("2001:0db8:0:0:0:0:0:1")).isEqualTo(ip("2001:db8::1"));
    }

    @Test
    void whatIsNotAnAddressIsRefusedWithoutALookup() {
        assertThat(IpBlock.parse("example.org")).isEmpty();
        assertThat(IpBlock.parse("256.1.1.1")).isEmpty();
        assertThat(IpBlock.parse("1.2.3.4/33")).isEmpty();
        assertThat(IpBlock.parse("1::2::3")).isEmpty();
        assertThat(IpBlock.parse("1.2.3")).isEmpty();
    }
}

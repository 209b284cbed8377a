package org.tearline.intake.extract;

import com.google.common.net.InetAddresses;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Values that are never indicators: documentation ranges (RFC 5737, RFC 3849), the names
 * reserved for examples and tests (RFC 2606, RFC 6761), addresses that name no host on the
 * internet (private, loopback, link-local, multicast, unspecified: an advisory that names
 * 10.0.0.5 names a machine inside someone's network, which is no use to a partner), the
 * publisher's own domain and whatever the operator adds.
 */
final class Benign {

    private static final List<Network> BUILT_IN_NETWORKS = List.of(
            Network.parse("0.0.0.0/8"),
            Network.parse("10.0.0.0/8"),
            Network.parse("100.64.0.0/10"),
            Network.parse("127.0.0.0/8"),
            Network.parse("169.254.0.0/16"),
            Network.parse("172.16.0.0/12"),
            Network.parse("192.0.2.0/24"),
            Network.parse("192.168.0.0/16"),
            Network.parse("198.18.0.0/15"),
            Network.parse("198.51.100.0/24"),
            Network.parse("203.0.113.0/24"),
            Network.parse("224.0.0.0/3"),
            Network.parse("::/127"),
            Network.parse("2001:db8::/32"),
            Network.parse("fc00::/7"),
            Network.parse("fe80::/10"),
            Network.parse("ff00::/8"));

    /** RFC 2606 and RFC 6761 names, with every name under them. */
    private static final Set<String> BUILT_IN_DOMAINS =
            Set.of("example", "example.com", "example.net", "example.org", "test", "invalid", "localhost", "local");

    private final List<Network> networks;
    private final List<String> domains;
    private final Set<String> values;

    private Benign(List<Network> networks, List<String> domains, Set<String> values) {
        this.networks = networks;
        this.domains = domains;
        this.values = values;
    }

    static Benign of(Optional<String> publisherDomain, Set<String> extra) {
        List<Network> networks = new ArrayList<>(BUILT_IN_NETWORKS);
        List<String> domains = new ArrayList<>(BUILT_IN_DOMAINS);
        publisherDomain.map(Benign::host).ifPresent(domains::add);
        java.util.HashSet<String> values = new java.util.HashSet<>();
        for (String raw : extra) {
            String value = raw.strip().toLowerCase(Locale.ROOT);
            if (value.isEmpty()) {
                continue;
            }
            values.add(value);
            Network network = Network.tryParse(value);
            if (network != null) {
                networks.add(network);
            } else if (!value.contains("/") && !value.contains("@")) {
                domains.add(value);
            }
        }
        return new Benign(List.copyOf(networks), List.copyOf(domains), Set.copyOf(values));
    }

    boolean value(String normalised) {
        return values.contains(normalised.toLowerCase(Locale.ROOT));
    }

    /** An address, or a network given as CIDR: benign when it lies inside a benign network. */
    boolean address(String addressOrCidr) {
        Network candidate = Network.tryParse(addressOrCidr);
        if (candidate == null) {
            return false;
        }
        for (Network network : networks) {
            if (network.contains(candidate)) {
                return true;
            }
        }
        return value(addressOrCidr);
    }

    boolean domain(String domain) {
        String host = host(domain);
        if (InetAddresses.isUriInetAddress(host)) {
            return address(host.replace("[", "").replace("]", ""));
        }
        for (String benign : domains) {
            if (host.equals(benign) || host.endsWith("." + benign)) {
                return true;
            }
        }
        return value(host);
    }

    private static String host(String domain) {
        String host = domain.strip().toLowerCase(Locale.ROOT);
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    /** An address range: the first address and the prefix length. */
    private record Network(BigInteger base, int prefix, int bits) {

        static Network parse(String cidr) {
            Network network = tryParse(cidr);
            if (network == null) {
                throw new IllegalArgumentException("not a network: " + cidr);
            }
            return network;
        }

        static Network tryParse(String text) {
            String address = text;
            int prefix = -1;
            int slash = text.indexOf('/');
            if (slash >= 0) {
                address = text.substring(0, slash);
                try {
                    prefix = Integer.parseInt(text.substring(slash + 1));
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            if (!InetAddresses.isInetAddress(address)) {
                return null;
            }
            InetAddress inet = InetAddresses.forString(address);
            int bits = inet instanceof Inet4Address ? 32 : 128;
            if (prefix < 0) {
                prefix = bits;
            }
            if (prefix > bits) {
                return null;
            }
            BigInteger value = new BigInteger(1, inet.getAddress());
            return new Network(value.shiftRight(bits - prefix), prefix, bits);
        }

        boolean contains(Network other) {
            return bits == other.bits
                    && other.prefix >= prefix
                    && other.base.shiftRight(other.prefix - prefix).equals(base);
        }
    }
}

package org.opensirelay.webhooks;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The addresses a webhook must not go to, as data: every entry of the IANA IPv4 and IPv6
 * Special-Purpose Address Registries (RFC 6890) with its name, its RFC and whether the registry calls
 * it globally reachable; multicast (RFC 5771, RFC 4291) and the deprecated IPv6 site-local block
 * (RFC 3879), which those registries leave to others. An address is judged by the most specific
 * entry holding it: refused unless that entry is globally reachable ("N/A" and the terminated
 * entries count as not). An IPv6 address that carries an IPv4 one (IPv4-mapped, NAT64 64:ff9b::/96,
 * 6to4) is judged by the IPv4 address it carries, where the traffic really goes; the deprecated
 * IPv4-compatible form and Teredo (whose client address is obfuscated, behind a NAT) are refused.
 *
 * <p>To bring the table up to date: compare it with the registries' CSV files
 * (iana-ipv4-special-registry-1.csv, iana-ipv6-special-registry-1.csv), then change the entries and
 * {@link #REGISTRY_DATE} together; {@code SpecialPurposeAddressesTest} lists them again.
 */
final class SpecialPurposeAddresses {

    /** The "Last Updated" of both registries as transcribed here. */
    static final String REGISTRY_DATE = "2025-10-09";

    /** What the registry says of an entry's reachability. */
    enum Reach {
        /** "Globally Reachable: True". */
        GLOBAL,
        /** "False". */
        NOT_GLOBAL,
        /** "N/A", or an entry terminated, whose columns are empty. */
        UNSTATED
    }

    /** One registry entry (or one of the blocks added beside the registries). */
    record Block(String cidr, String name, String rfc, Reach reach, String registry) {

        Prefix prefix() {
            return Prefix.parse(cidr);
        }

        @Override
        public String toString() {
            return cidr + " \"" + name + "\" (" + rfc + ", " + registry + ")";
        }
    }

    static final String IPV4_REGISTRY = "IANA IPv4 Special-Purpose Address Registry";
    static final String IPV6_REGISTRY = "IANA IPv6 Special-Purpose Address Registry";

    private static final Reach G = Reach.GLOBAL;
    private static final Reach NOT = Reach.NOT_GLOBAL;
    private static final Reach NA = Reach.UNSTATED;

    /** The IPv4 registry, in its own order. */
    static final List<Block> IPV4 = List.of(
            v4("0.0.0.0/8", "\"This network\"", "RFC 791, Section 3.2", NOT),
            v4("0.0.0.0/32", "\"This host on this network\"", "RFC 1122, Section 3.2.1.3", NOT),
            v4("10.0.0.0/8", "Private-Use", "RFC 1918", NOT),
            v4("100.64.0.0/10", "Shared Address Space", "RFC 6598", NOT),
            v4("127.0.0.0/8", "Loopback", "RFC 1122, Section 3.2.1.3", NOT),
            v4("169.254.0.0/16", "Link Local", "RFC 3927", NOT),
            v4("172.16.0.0/12", "Private-Use", "RFC 1918", NOT),
            v4("192.0.0.0/24", "IETF Protocol Assignments", "RFC 6890, Section 2.1", NOT),
            v4("192.0.0.0/29", "IPv4 Service Continuity Prefix", "RFC 7335", NOT),
            v4("192.0.0.8/32", "IPv4 dummy address", "RFC 7600", NOT),
            v4("192.0.0.9/32", "Port Control Protocol Anycast", "RFC 7723", G),
            v4("192.0.0.10/32", "Traversal Using Relays around NAT Anycast", "RFC 8155", G),
            v4("192.0.0.170/32", "NAT64/DNS64 Discovery", "RFC 8880, RFC 7050, Section 2.2", NOT),
            v4("192.0.0.171/32", "NAT64/DNS64 Discovery", "RFC 8880, RFC 7050, Section 2.2", NOT),
            v4("192.0.2.0/24", "Documentation (TEST-NET-1)", "RFC 5737", NOT),
            v4("192.31.196.0/24", "AS112-v4", "RFC 7535", G),
            v4("192.52.193.0/24", "AMT", "RFC 7450", G),
            v4("192.88.99.0/24", "Deprecated (6to4 Relay Anycast)", "RFC 7526", NA),
            v4("192.88.99.2/32", "6a44-relay anycast address", "RFC 6751", NOT),
            v4("192.168.0.0/16", "Private-Use", "RFC 1918", NOT),
            v4("192.175.48.0/24", "Direct Delegation AS112 Service", "RFC 7534", G),
            v4("198.18.0.0/15", "Benchmarking", "RFC 2544", NOT),
            v4("198.51.100.0/24", "Documentation (TEST-NET-2)", "RFC 5737", NOT),
            v4("203.0.113.0/24", "Documentation (TEST-NET-3)", "RFC 5737", NOT),
            v4("240.0.0.0/4", "Reserved", "RFC 1112, Section 4", NOT),
            v4("255.255.255.255/32", "Limited Broadcast", "RFC 8190, RFC 919, Section 7", NOT));

    /** The IPv6 registry, in its own order. */
    static final List<Block> IPV6 = List.of(
            v6("::1/128", "Loopback Address", "RFC 4291", NOT),
            v6("::/128", "Unspecified Address", "RFC 4291", NOT),
            v6("::ffff:0:0/96", "IPv4-mapped Address", "RFC 4291", NOT),
            v6("64:ff9b::/96", "IPv4-IPv6 Translat.", "RFC 6052", G),
            v6("64:ff9b:1::/48", "IPv4-IPv6 Translat.", "RFC 8215", NOT),
            v6("100::/64", "Discard-Only Address Block", "RFC 6666", NOT),
            v6("100:0:0:1::/64", "Dummy IPv6 Prefix", "RFC 9780", NOT),
            v6("2001::/23", "IETF Protocol Assignments", "RFC 2928", NOT),
            v6("2001::/32", "TEREDO", "RFC 4380, RFC 8190", NA),
            v6("2001:1::1/128", "Port Control Protocol Anycast", "RFC 7723", G),
            v6("2001:1::2/128", "Traversal Using Relays around NAT Anycast", "RFC 8155", G),
            v6("2001:1::3/128", "DNS-SD Service Registration Protocol Anycast", "RFC 9665", G),
            v6("2001:2::/48", "Benchmarking", "RFC 5180, RFC Errata 1752", NOT),
            v6("2001:3::/32", "AMT", "RFC 7450", G),
            v6("2001:4:112::/48", "AS112-v6", "RFC 7535", G),
            v6("2001:10::/28", "Deprecated (previously ORCHID)", "RFC 4843", NA),
            v6("2001:20::/28", "ORCHIDv2", "RFC 7343", G),
            v6("2001:30::/28", "Drone Remote ID Protocol Entity Tags (DETs) Prefix", "RFC 9374", G),
            v6("2001:db8::/32", "Documentation", "RFC 3849", NOT),
            v6("2002::/16", "6to4", "RFC 3056", NA),
            v6("2620:4f:8000::/48", "Direct Delegation AS112 Service", "RFC 7534", G),
            v6("3fff::/20", "Documentation", "RFC 9637", NOT),
            v6("5f00::/16", "Segment Routing (SRv6) SIDs", "RFC 9602", NOT),
            v6("fc00::/7", "Unique-Local", "RFC 4193, RFC 8190", NOT),
            v6("fe80::/10", "Link-Local Unicast", "RFC 4291", NOT));

    /** Blocks the special-purpose registries leave to other registries, refused as well. */
    static final List<Block> BESIDE = List.of(
            new Block("224.0.0.0/4", "Multicast", "RFC 5771", NOT, "IANA IPv4 Multicast Address Space Registry"),
            new Block("ff00::/8", "Multicast", "RFC 4291", NOT, "IANA IPv6 Address Space"),
            new Block("fec0::/10", "Site-Local (deprecated)", "RFC 3879", NOT, "IANA IPv6 Address Space"));

    /** A block with its prefix read once. */
    private record Parsed(Block block, Prefix prefix) {}

    private static final List<Parsed> ALL = sortedMostSpecificFirst();

    private SpecialPurposeAddresses() {}

    /** Why a webhook must not go to {@code address}, if it must not. */
    static Optional<String> refusal(InetAddress address) {
        if (address instanceof Inet6Address six) {
            byte[] bytes = six.getAddress();
            Optional<String> embedding = embedding(bytes);
            if (embedding.isPresent()) {
                InetAddress carried = ipv4(Arrays.copyOfRange(bytes, embeddedAt(bytes), embeddedAt(bytes) + 4));
                return refusal(carried)
                        .map(why -> embedding.get() + " address carrying " + carried.getHostAddress() + ", " + why);
            }
            if (isTeredo(bytes)) {
                return Optional.of("Teredo tunnel address (2001::/32, RFC 4380), whose IPv4 client is hidden");
            }
            if (isIpv4Compatible(bytes)) {
                return Optional.of("IPv4-compatible address (::/96, deprecated by RFC 4291)");
            }
        }
        return mostSpecific(address)
                .filter(block -> block.reach() != Reach.GLOBAL)
                .map(block -> "in " + block.cidr() + " \"" + block.name() + "\" (" + block.rfc() + "), not globally"
                        + " reachable by the " + block.registry());
    }

    /** The most specific entry holding {@code address}, if any does. */
    static Optional<Block> mostSpecific(InetAddress address) {
        return ALL.stream()
                .filter(p -> p.prefix().contains(address))
                .map(Parsed::block)
                .findFirst();
    }

    /** The name of the IPv6 form that carries an IPv4 address to judge instead, if {@code bytes} is one. */
    private static Optional<String> embedding(byte[] bytes) {
        if (startsWith(bytes, new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff})) {
            return Optional.of("IPv4-mapped");
        }
        if (startsWith(bytes, new byte[] {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0})) {
            return Optional.of("NAT64 (64:ff9b::/96)");
        }
        if ((bytes[0] & 0xff) == 0x20 && (bytes[1] & 0xff) == 0x02) {
            return Optional.of("6to4 (2002::/16)");
        }
        return Optional.empty();
    }

    /** Where the carried IPv4 address starts: bits 16 to 47 for 6to4, the last 32 bits otherwise. */
    private static int embeddedAt(byte[] bytes) {
        return (bytes[0] & 0xff) == 0x20 ? 2 : 12;
    }

    private static boolean isTeredo(byte[] bytes) {
        return (bytes[0] & 0xff) == 0x20 && bytes[1] == 0x01 && bytes[2] == 0 && bytes[3] == 0;
    }

    /** ::a.b.c.d, but not :: nor ::1 (registry entries of their own). */
    private static boolean isIpv4Compatible(byte[] bytes) {
        if (!startsWith(bytes, new byte[12])) {
            return false;
        }
        int low = ((bytes[12] & 0xff) << 24)
                | ((bytes[13] & 0xff) << 16)
                | ((bytes[14] & 0xff) << 8)
                | (bytes[15] & 0xff);
        return low != 0 && low != 1;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static InetAddress ipv4(byte[] four) {
        try {
            return InetAddress.getByAddress(four);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static List<Parsed> sortedMostSpecificFirst() {
        return Stream.of(IPV4, IPV6, BESIDE)
                .flatMap(List::stream)
                .map(b -> new Parsed(b, b.prefix()))
                .sorted(Comparator.comparingInt((Parsed p) -> p.prefix().length())
                        .reversed())
                .toList();
    }

    private static Block v4(String cidr, String name, String rfc, Reach reach) {
        return new Block(cidr, name, rfc, reach, IPV4_REGISTRY);
    }

    private static Block v6(String cidr, String name, String rfc, Reach reach) {
        return new Block(cidr, name, rfc, reach, IPV6_REGISTRY);
    }

    /** An address block: its first address's bytes and how many leading bits are fixed. */
    record Prefix(byte[] bytes, int length) {

        static Prefix parse(String cidr) {
            int slash = cidr.indexOf('/');
            String literal = cidr.substring(0, slash);
            if (!literal.matches("[0-9a-fA-F.:]+")) {
                throw new IllegalArgumentException("not an address literal: " + cidr);
            }
            try {
                // A literal: no name is looked up. The JDK reads ::ffff:a.b.c.d as IPv4: made 16 bytes again.
                byte[] bytes = InetAddress.getByName(literal).getAddress();
                if (literal.contains(":") && bytes.length == 4) {
                    byte[] mapped = new byte[16];
                    mapped[10] = (byte) 0xff;
                    mapped[11] = (byte) 0xff;
                    System.arraycopy(bytes, 0, mapped, 12, 4);
                    bytes = mapped;
                }
                return new Prefix(bytes, Integer.parseInt(cidr.substring(slash + 1)));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an address block: " + cidr, e);
            }
        }

        boolean contains(InetAddress address) {
            byte[] other = address.getAddress();
            if (other.length != bytes.length) {
                return false;
            }
            int full = length / 8;
            if (!Arrays.equals(bytes, 0, full, other, 0, full)) {
                return false;
            }
            int rest = length % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (bytes[full] & mask) == (other[full] & mask);
        }
    }
}

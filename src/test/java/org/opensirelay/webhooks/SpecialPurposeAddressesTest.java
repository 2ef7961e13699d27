package org.opensirelay.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every entry of the IANA special-purpose registries, judged at both ends of its block: refused
 * unless the most specific entry holding the address is globally reachable. The registries are
 * listed here a second time, as published (Last Updated 2025-10-09), and the arithmetic on blocks is
 * this test's own, so that a dropped entry, a wrong prefix or a wrong flag in the relay's table fails.
 */
@Tag("unit")
class SpecialPurposeAddressesTest {

    /** Address block, name, Globally Reachable ("True", "False", "N/A", "" for a terminated entry). */
    private static final String[][] IPV4_REGISTRY = {
        {"0.0.0.0/8", "\"This network\"", "False"},
        {"0.0.0.0/32", "\"This host on this network\"", "False"},
        {"10.0.0.0/8", "Private-Use", "False"},
        {"100.64.0.0/10", "Shared Address Space", "False"},
        {"127.0.0.0/8", "Loopback", "False"},
        {"169.254.0.0/16", "Link Local", "False"},
        {"172.16.0.0/12", "Private-Use", "False"},
        {"192.0.0.0/24", "IETF Protocol Assignments", "False"},
        {"192.0.0.0/29", "IPv4 Service Continuity Prefix", "False"},
        {"192.0.0.8/32", "IPv4 dummy address", "False"},
        {"192.0.0.9/32", "Port Control Protocol Anycast", "True"},
        {"192.0.0.10/32", "Traversal Using Relays around NAT Anycast", "True"},
        {"192.0.0.170/32", "NAT64/DNS64 Discovery", "False"},
        {"192.0.0.171/32", "NAT64/DNS64 Discovery", "False"},
        {"192.0.2.0/24", "Documentation (TEST-NET-1)", "False"},
        {"192.31.196.0/24", "AS112-v4", "True"},
        {"192.52.193.0/24", "AMT", "True"},
        {"192.88.99.0/24", "Deprecated (6to4 Relay Anycast)", ""},
        {"192.88.99.2/32", "6a44-relay anycast address", "False"},
        {"192.168.0.0/16", "Private-Use", "False"},
        {"192.175.48.0/24", "Direct Delegation AS112 Service", "True"},
        {"198.18.0.0/15", "Benchmarking", "False"},
        {"198.51.100.0/24", "Documentation (TEST-NET-2)", "False"},
        {"203.0.113.0/24", "Documentation (TEST-NET-3)", "False"},
        {"240.0.0.0/4", "Reserved", "False"},
        {"255.255.255.255/32", "Limited Broadcast", "False"},
    };

    private static final String[][] IPV6_REGISTRY = {
        {"::1/128", "Loopback Address", "False"},
        {"::/128", "Unspecified Address", "False"},
        {"::ffff:0:0/96", "IPv4-mapped Address", "False"},
        {"64:ff9b::/96", "IPv4-IPv6 Translat.", "True"},
        {"64:ff9b:1::/48", "IPv4-IPv6 Translat.", "False"},
        {"100::/64", "Discard-Only Address Block", "False"},
        {"100:0:0:1::/64", "Dummy IPv6 Prefix", "False"},
        {"2001::/23", "IETF Protocol Assignments", "False"},
        {"2001::/32", "TEREDO", "N/A"},
        {"2001:1::1/128", "Port Control Protocol Anycast", "True"},
        {"2001:1::2/128", "Traversal Using Relays around NAT Anycast", "True"},
        {"2001:1::3/128", "DNS-SD Service Registration Protocol Anycast", "True"},
        {"2001:2::/48", "Benchmarking", "False"},
        {"2001:3::/32", "AMT", "True"},
        {"2001:4:112::/48", "AS112-v6", "True"},
        {"2001:10::/28", "Deprecated (previously ORCHID)", ""},
        {"2001:20::/28", "ORCHIDv2", "True"},
        {"2001:30::/28", "Drone Remote ID Protocol Entity Tags (DETs) Prefix", "True"},
        {"2001:db8::/32", "Documentation", "False"},
        {"2002::/16", "6to4", "N/A"},
        {"2620:4f:8000::/48", "Direct Delegation AS112 Service", "True"},
        {"3fff::/20", "Documentation", "False"},
        {"5f00::/16", "Segment Routing (SRv6) SIDs", "False"},
        {"fc00::/7", "Unique-Local", "False"},
        {"fe80::/10", "Link-Local Unicast", "False"},
    };

    /** Refused as well, from the multicast and IPv6 address space registries. */
    private static final String[][] BESIDE = {
        {"224.0.0.0/4", "Multicast", "False"},
        {"ff00::/8", "Multicast", "False"},
        {"fec0::/10", "Site-Local (deprecated)", "False"},
    };

    /** The IPv6 blocks whose addresses are judged by what they carry (or refused as tunnels). */
    private static final List<String> CARRIERS = List.of("::ffff:0:0/96", "64:ff9b::/96", "2002::/16", "2001::/32");

    @Test
    void theTableIsBothRegistriesEntryForEntryAsOfTheirDate() {
        assertThat(SpecialPurposeAddresses.REGISTRY_DATE).isEqualTo("2025-10-09");
        assertThat(rows(SpecialPurposeAddresses.IPV4)).containsExactly(rows(IPV4_REGISTRY));
        assertThat(rows(SpecialPurposeAddresses.IPV6)).containsExactly(rows(IPV6_REGISTRY));
        assertThat(rows(SpecialPurposeAddresses.BESIDE)).containsExactly(rows(BESIDE));
        assertThat(SpecialPurposeAddresses.IPV4)
                .allSatisfy(b -> assertThat(b.rfc()).startsWith("RFC "))
                .allSatisfy(b -> assertThat(b.registry()).isEqualTo(SpecialPurposeAddresses.IPV4_REGISTRY));
        assertThat(SpecialPurposeAddresses.IPV6)
                .allSatisfy(b -> assertThat(b.rfc()).startsWith("RFC "))
                .allSatisfy(b -> assertThat(b.registry()).isEqualTo(SpecialPurposeAddresses.IPV6_REGISTRY));
    }

    @Test
    void bothEndsOfEveryBlockAreJudgedByTheMostSpecificEntryHoldingThem() throws Exception {
        List<String[]> all = new ArrayList<>();
        all.addAll(Arrays.asList(IPV4_REGISTRY));
        all.addAll(Arrays.asList(IPV6_REGISTRY));
        all.addAll(Arrays.asList(BESIDE));
        List<String> wrong = new ArrayList<>();
        for (String[] entry : all) {
            for (InetAddress end : List.of(first(entry[0]), last(entry[0]))) {
                String[] decisive = mostSpecific(all, end);
                boolean carried = CARRIERS.contains(decisive[0]);
                boolean taken = decisive[2].equals("True") && !carried;
                Optional<String> refusal = SpecialPurposeAddresses.refusal(end);
                if (taken != refusal.isEmpty()) {
                    wrong.add(end.getHostAddress() + " (end of " + entry[0] + ", decided by " + decisive[0] + "): "
                            + refusal.orElse("taken"));
                } else if (!taken && !carried && !refusal.get().contains(decisive[0] + " \"" + decisive[1] + "\"")) {
                    wrong.add(end.getHostAddress() + " refused without naming " + decisive[0] + ": " + refusal.get());
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void anIpv6FormCarryingAnIpv4AddressIsJudgedByThatAddress() throws Exception {
        for (String[] entry : IPV4_REGISTRY) {
            if (entry[2].equals("True")) {
                continue;
            }
            InetAddress carried = first(entry[0]);
            String[] decisive = mostSpecific(Arrays.asList(IPV4_REGISTRY), carried);
            for (String form : List.of("IPv4-mapped", "NAT64", "6to4")) {
                InetAddress carrier = carrying(form, carried.getAddress());
                assertThat(SpecialPurposeAddresses.refusal(carrier))
                        .as(form + " of " + carried.getHostAddress())
                        .hasValueSatisfying(why -> assertThat(why)
                                .contains(form, carried.getHostAddress(), decisive[0] + " \"" + decisive[1] + "\""));
            }
        }
        byte[] shop = InetAddress.getByName("93.184.216.34").getAddress();
        for (String form : List.of("IPv4-mapped", "NAT64", "6to4")) {
            assertThat(SpecialPurposeAddresses.refusal(carrying(form, shop)))
                    .as(form + " of a public address")
                    .isEmpty();
        }
    }

    @Test
    void theDeprecatedIpv4CompatibleFormAndTeredoTunnelsAreRefusedWhateverTheyCarry() throws Exception {
        assertThat(SpecialPurposeAddresses.refusal(InetAddress.getByName("::93.184.216.34")))
                .hasValueSatisfying(why -> assertThat(why).contains("IPv4-compatible"));
        assertThat(SpecialPurposeAddresses.refusal(InetAddress.getByName("::127.0.0.1")))
                .hasValueSatisfying(why -> assertThat(why).contains("IPv4-compatible"));
        assertThat(SpecialPurposeAddresses.refusal(InetAddress.getByName("2001:0:4136:e378:8000:63bf:3fff:fdd2")))
                .hasValueSatisfying(why -> assertThat(why).contains("Teredo"));
    }

    @Test
    void publicAddressesAreTaken() throws Exception {
        for (String address : List.of(
                "93.184.216.34",
                "8.8.8.8",
                "1.1.1.1",
                "192.0.1.255",
                "198.20.0.0",
                "223.255.255.255",
                "2606:2800:220:1:248:1893:25c8:1946",
                "2a00:1450:4007:80f::200e",
                "2001:200::1")) {
            assertThat(SpecialPurposeAddresses.refusal(InetAddress.getByName(address)))
                    .as(address)
                    .isEmpty();
        }
    }

    private static List<String> rows(List<SpecialPurposeAddresses.Block> blocks) {
        return blocks.stream()
                .map(b -> b.cidr() + " | " + b.name() + " | "
                        + switch (b.reach()) {
                            case GLOBAL -> "True";
                            case NOT_GLOBAL -> "False";
                            case UNSTATED -> "N/A or terminated";
                        })
                .toList();
    }

    private static String[] rows(String[][] registry) {
        return Arrays.stream(registry)
                .map(e -> e[0] + " | " + e[1] + " | "
                        + (e[2].equals("True") || e[2].equals("False") ? e[2] : "N/A or terminated"))
                .toArray(String[]::new);
    }

    /** The entry with the longest prefix holding {@code address}. */
    private static String[] mostSpecific(List<String[]> entries, InetAddress address) {
        String[] best = null;
        for (String[] entry : entries) {
            if (holds(entry[0], address) && (best == null || bits(entry[0]) > bits(best[0]))) {
                best = entry;
            }
        }
        return best;
    }

    private static boolean holds(String cidr, InetAddress address) {
        byte[] block = bytes(cidr);
        byte[] other = address.getAddress();
        if (block.length != other.length) {
            return false;
        }
        int width = block.length * 8;
        BigInteger mask = BigInteger.ONE
                .shiftLeft(width)
                .subtract(BigInteger.ONE)
                .xor(BigInteger.ONE.shiftLeft(width - bits(cidr)).subtract(BigInteger.ONE));
        return new BigInteger(1, block).and(mask).equals(new BigInteger(1, other).and(mask));
    }

    private static InetAddress first(String cidr) throws Exception {
        return address(bytes(cidr));
    }

    private static InetAddress last(String cidr) throws Exception {
        byte[] block = bytes(cidr);
        int width = block.length * 8;
        BigInteger hostBits = BigInteger.ONE.shiftLeft(width - bits(cidr)).subtract(BigInteger.ONE);
        byte[] raw = new BigInteger(1, block).or(hostBits).toByteArray();
        byte[] fixed = new byte[block.length];
        System.arraycopy(
                raw,
                Math.max(0, raw.length - block.length),
                fixed,
                Math.max(0, block.length - raw.length),
                Math.min(raw.length, block.length));
        return address(fixed);
    }

    /** 16 bytes stay an IPv6 address (the JDK would make ::ffff:a.b.c.d an IPv4 one). */
    private static InetAddress address(byte[] bytes) throws Exception {
        return bytes.length == 16 ? Inet6Address.getByAddress(null, bytes, null) : InetAddress.getByAddress(bytes);
    }

    private static byte[] bytes(String cidr) {
        String literal = cidr.substring(0, cidr.indexOf('/'));
        try {
            byte[] bytes = InetAddress.getByName(literal).getAddress();
            if (literal.contains(":") && bytes.length == 4) {
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xff;
                mapped[11] = (byte) 0xff;
                System.arraycopy(bytes, 0, mapped, 12, 4);
                return mapped;
            }
            return bytes;
        } catch (Exception e) {
            throw new IllegalArgumentException(cidr, e);
        }
    }

    private static int bits(String cidr) {
        return Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
    }

    private static InetAddress carrying(String form, byte[] v4) throws Exception {
        byte[] six = new byte[16];
        switch (form) {
            case "IPv4-mapped" -> {
                six[10] = (byte) 0xff;
                six[11] = (byte) 0xff;
                System.arraycopy(v4, 0, six, 12, 4);
            }
            case "NAT64" -> {
                six[1] = 0x64;
                six[2] = (byte) 0xff;
                six[3] = (byte) 0x9b;
                System.arraycopy(v4, 0, six, 12, 4);
            }
            case "6to4" -> {
                six[0] = 0x20;
                six[1] = 0x02;
                System.arraycopy(v4, 0, six, 2, 4);
                six[15] = 1;
            }
            default -> throw new IllegalArgumentException(form);
        }
        return Inet6Address.getByAddress(null, six, null);
    }
}

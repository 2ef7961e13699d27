package org.opensirelay.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Where webhooks may go: public https by default; private networks and plain http only where allowed. No DNS: a resolver of our own. */
@Tag("unit")
class DestinationsTest {

    private static Destinations.Resolver resolvingTo(String... addresses) {
        return host -> {
            List<InetAddress> found = new ArrayList<>();
            for (String address : addresses) {
                found.add(InetAddress.getByName(address));
            }
            return found;
        };
    }

    private static final Destinations.Resolver NOWHERE = host -> {
        throw new UnknownHostException(host);
    };

    @Test
    void aPublicHttpsReceiverIsTaken() {
        assertThat(Destinations.refusal("https://hooks.example.com/opensi", false, resolvingTo("93.184.216.34")))
                .isEmpty();
    }

    @Test
    void everyNonPublicAddressIsRefusedNamingItsKind() {
        for (String[] c : new String[][] {
            {"127.0.0.1", "127.0.0.0/8 \"Loopback\""},
            {"10.0.0.7", "10.0.0.0/8 \"Private-Use\" (RFC 1918)"},
            {"172.16.5.4", "172.16.0.0/12 \"Private-Use\""},
            {"192.168.1.1", "192.168.0.0/16 \"Private-Use\""},
            {"169.254.169.254", "169.254.0.0/16 \"Link Local\""},
            {"100.64.0.1", "100.64.0.0/10 \"Shared Address Space\" (RFC 6598)"},
            {"0.0.0.0", "0.0.0.0/32 \"\"This host on this network\"\""},
            {"::1", "::1/128 \"Loopback Address\""},
            {"fe80::1", "fe80::/10 \"Link-Local Unicast\""},
            {"fd12:3456::1", "fc00::/7 \"Unique-Local\""},
            {"224.0.0.1", "224.0.0.0/4 \"Multicast\""}
        }) {
            assertThat(Destinations.refusal("https://hooks.example.com/x", false, resolvingTo(c[0])))
                    .as(c[0])
                    .hasValueSatisfying(why -> assertThat(why).contains(c[1], "relay.webhooks.allow-private-networks"));
        }
        // One private address among public ones is enough to refuse (DNS can answer either).
        assertThat(Destinations.refusal("https://hooks.example.com/x", false, resolvingTo("93.184.216.34", "10.0.0.1")))
                .isPresent();
    }

    @Test
    void theAddressesIssue36FoundAcceptedAreRefused() {
        List<String> accepted = new ArrayList<>();
        for (String address : List.of(
                "64:ff9b::7f00:1", // NAT64 of 127.0.0.1
                "2002:7f00:1::1", // 6to4 of 127.0.0.1
                "::127.0.0.1", // IPv4-compatible
                "198.18.0.1", // benchmarking
                "192.0.0.1", // IETF protocol assignments
                "240.0.0.1")) { // reserved
            if (Destinations.refusal("https://hooks.example.com/x", false, resolvingTo(address))
                    .isEmpty()) {
                accepted.add(address);
            }
        }
        assertThat(accepted).as("addresses accepted as public").isEmpty();
    }

    @Test
    void plainHttpCredentialsFragmentsAndUnknownHostsAreRefused() {
        assertThat(Destinations.refusal("http://hooks.example.com/x", false, resolvingTo("93.184.216.34")))
                .hasValueSatisfying(why -> assertThat(why).contains("must be https"));
        assertThat(Destinations.refusal("ftp://hooks.example.com/x", true, NOWHERE))
                .isPresent();
        assertThat(Destinations.refusal("https://user:pass@hooks.example.com/x", false, resolvingTo("93.184.216.34")))
                .isPresent();
        assertThat(Destinations.refusal("https://hooks.example.com/x#frag", false, resolvingTo("93.184.216.34")))
                .isPresent();
        assertThat(Destinations.refusal("https://nowhere.invalid/x", false, NOWHERE))
                .hasValueSatisfying(why -> assertThat(why).contains("does not resolve"));
        assertThat(Destinations.refusal("not a url", false, NOWHERE)).isPresent();
    }

    @Test
    void aWebsiteAllowedPrivateNetworksMayUseThemAndPlainHttp() {
        assertThat(Destinations.refusal("http://127.0.0.1:9000/hooks", true, resolvingTo("127.0.0.1")))
                .isEmpty();
        assertThat(Destinations.refusal("https://10.0.0.7/hooks", true, resolvingTo("10.0.0.7")))
                .isEmpty();
    }
}

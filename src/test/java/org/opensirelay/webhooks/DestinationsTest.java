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
            {"127.0.0.1", "loopback"},
            {"10.0.0.7", "private"},
            {"172.16.5.4", "private"},
            {"192.168.1.1", "private"},
            {"169.254.169.254", "link-local"},
            {"100.64.0.1", "carrier-grade NAT"},
            {"0.0.0.0", "wildcard"},
            {"::1", "loopback"},
            {"fe80::1", "link-local"},
            {"fd12:3456::1", "unique-local"},
            {"224.0.0.1", "multicast"}
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

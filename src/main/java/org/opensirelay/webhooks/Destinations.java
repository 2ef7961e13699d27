package org.opensirelay.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a webhook may go. By default only to a public address over https: never to loopback,
 * link-local (cloud metadata), private, carrier-grade NAT, unique-local or multicast addresses, so
 * that a subscription cannot make the relay reach into its own network. A website allowed private
 * networks (the demo, or one the operator names) may use them, and plain http. Plain functions over
 * a resolver, so that they are tested without DNS.
 */
final class Destinations {

    /** Resolves a host to every address it has. */
    @FunctionalInterface
    interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    static final Resolver DNS = host -> List.of(InetAddress.getAllByName(host));

    private Destinations() {}

    /** Why {@code url} may not receive webhooks, if it may not (said so that an operator can act on it). */
    static Optional<String> refusal(String url, boolean privateAllowed, Resolver resolver) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("url is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(privateAllowed && scheme.equals("http"))) {
            return Optional.of("url must be https (plain http only for a website allowed private networks:"
                    + " relay.webhooks.allow-private-networks), not '" + scheme + "'");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return Optional.of("url has no host");
        }
        if (uri.getUserInfo() != null) {
            return Optional.of("url must not carry a user name or password (the signature authenticates the relay)");
        }
        if (uri.getFragment() != null) {
            return Optional.of("url must not have a #fragment");
        }
        if (privateAllowed) {
            return Optional.empty();
        }
        try {
            for (InetAddress address : resolver.resolve(uri.getHost())) {
                Optional<String> kind = privateKind(address);
                if (kind.isPresent()) {
                    return Optional.of(
                            "url's host " + uri.getHost() + " is " + address.getHostAddress() + ", a " + kind.get()
                                    + " address: refused unless relay.webhooks.allow-private-networks names the website");
                }
            }
        } catch (UnknownHostException e) {
            return Optional.of("url's host " + uri.getHost() + " does not resolve");
        }
        return Optional.empty();
    }

    /** What kind of non-public address this is, if it is one. */
    static Optional<String> privateKind(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return Optional.of("loopback");
        }
        if (address.isAnyLocalAddress()) {
            return Optional.of("wildcard");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of("link-local");
        }
        if (address.isSiteLocalAddress()) {
            return Optional.of("private");
        }
        if (address.isMulticastAddress()) {
            return Optional.of("multicast");
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address && (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64) {
            return Optional.of("carrier-grade NAT");
        }
        if (address instanceof Inet4Address && (bytes[0] & 0xff) == 0) {
            return Optional.of("'this network'");
        }
        if (address instanceof Inet6Address && (bytes[0] & 0xfe) == 0xfc) {
            return Optional.of("unique-local");
        }
        if (address instanceof Inet6Address six && isMappedV4(bytes)) {
            try {
                return privateKind(InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16)));
            } catch (UnknownHostException impossible) {
                return Optional.of("unreadable " + six);
            }
        }
        return Optional.empty();
    }

    private static boolean isMappedV4(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff;
    }
}

package org.opensirelay.webhooks;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a webhook may go. By default only over https to an address every one of whose resolutions
 * is globally reachable by the IANA special-purpose registries ({@link SpecialPurposeAddresses}):
 * never loopback, link-local (cloud metadata), private, shared (carrier-grade NAT), benchmarking,
 * reserved, unique-local or multicast, nor an IPv6 form that carries such an IPv4 address, so that a
 * subscription cannot make the relay reach into its own network. A website allowed private networks
 * (the demo, or one the operator names) may use them, and plain http. Plain functions over a
 * resolver, so that they are tested without DNS.
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
                Optional<String> why = SpecialPurposeAddresses.refusal(address);
                if (why.isPresent()) {
                    return Optional.of("url's host " + uri.getHost() + " is " + address.getHostAddress() + ", "
                            + why.get() + ": refused unless relay.webhooks.allow-private-networks names the website");
                }
            }
        } catch (UnknownHostException e) {
            return Optional.of("url's host " + uri.getHost() + " does not resolve");
        }
        return Optional.empty();
    }
}

package org.opensirelay.access;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code relay.http.*}: what a request body may cost. How much a body outside SOAP (which has
 * {@code relay.xml.max-body-bytes}) may hold, and how much of such bodies the relay holds at once,
 * so that no caller, even one with a valid token, can fill the heap with bodies; and, for every body
 * (SOAP too), how long it may take to arrive and how many slow ones one client address may send at
 * once, so that a client dripping its bodies costs its own requests only.
 *
 * @param maxBodyBytes            one request's body outside SOAP (HTTP 413 above it)
 * @param maxBodyBytesInFlight    all bodies outside SOAP being read and handled at once (HTTP 503 while it is used up)
 * @param bodyDeadline            the time a body may take to arrive whole, from the end of the request's headers
 *                                (HTTP 408 after it, and the connection is closed)
 * @param maxSlowBodiesPerAddress bodies one client address may have arriving at once, beyond what came with
 *                                their headers (one more is answered HTTP 503 at once)
 */
@ConfigurationProperties(prefix = "relay.http")
record HttpLimits(
        @DefaultValue("1048576") long maxBodyBytes,
        @DefaultValue("16777216") long maxBodyBytesInFlight,
        @DefaultValue("PT60S") Duration bodyDeadline,
        @DefaultValue("32") int maxSlowBodiesPerAddress) {

    public HttpLimits {
        if (maxBodyBytes < 1 || maxBodyBytesInFlight < maxBodyBytes || maxBodyBytesInFlight > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "relay.http.max-body-bytes must be at least 1 and at most relay.http.max-body-bytes-in-flight ("
                            + maxBodyBytesInFlight + "), which must be below 2 GiB; " + maxBodyBytes + " is not");
        }
        if (bodyDeadline == null || bodyDeadline.toMillis() < 1) {
            throw new IllegalArgumentException(
                    "relay.http.body-deadline must be a positive duration (e.g. PT60S), not " + bodyDeadline);
        }
        if (maxSlowBodiesPerAddress < 1) {
            throw new IllegalArgumentException(
                    "relay.http.max-slow-bodies-per-address must be at least 1, not " + maxSlowBodiesPerAddress);
        }
    }
}

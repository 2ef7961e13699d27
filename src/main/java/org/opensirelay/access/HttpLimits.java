package org.opensirelay.access;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code relay.http.*}: how much a request body outside SOAP (which has {@code relay.xml.*}) may
 * hold, and how much of such bodies the relay holds at once, so that no caller, even one with a
 * valid token, can fill the heap with bodies.
 *
 * @param maxBodyBytes         one request's body (HTTP 413 above it)
 * @param maxBodyBytesInFlight all bodies being read and handled at once (HTTP 503 while it is used up)
 */
@ConfigurationProperties(prefix = "relay.http")
public record HttpLimits(
        @DefaultValue("1048576") long maxBodyBytes,
        @DefaultValue("16777216") long maxBodyBytesInFlight) {

    public HttpLimits {
        if (maxBodyBytes < 1 || maxBodyBytesInFlight < maxBodyBytes || maxBodyBytesInFlight > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "relay.http.max-body-bytes must be at least 1 and at most relay.http.max-body-bytes-in-flight ("
                            + maxBodyBytesInFlight + "), which must be below 2 GiB; " + maxBodyBytes + " is not");
        }
    }
}

package org.opensirelay.soap;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bounds on what a request may cost before it is refused ({@code relay.xml.*}). The defaults admit a
 * 1000-item envelope with long comments and refuse anything an ERP would never send.
 *
 * @param maxBodyBytes     request body size
 * @param maxDepth         element nesting depth
 * @param maxElements      elements in the whole envelope
 * @param maxChildElements children of one element (items per request)
 * @param maxAttributes    attributes of one element
 * @param maxAttributeSize characters of one attribute value
 * @param maxTextLength    characters of one text value
 * @param readTimeout      how long a client may take between two chunks of its request
 */
@ConfigurationProperties(prefix = "relay.xml")
public record XmlLimits(
        @DefaultValue("16777216") long maxBodyBytes,
        @DefaultValue("32") int maxDepth,
        @DefaultValue("20000") long maxElements,
        @DefaultValue("5000") int maxChildElements,
        @DefaultValue("20") int maxAttributes,
        @DefaultValue("1024") int maxAttributeSize,
        @DefaultValue("1048576") int maxTextLength,
        @DefaultValue("PT10S") Duration readTimeout) {
}

package org.opensirelay.soap;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bounds on what a request may cost before it is refused ({@code relay.xml.*}). The defaults admit a
 * 1000-item envelope with comments of a few kilobytes (about 2 MB) and refuse anything an ERP would
 * never send. A body is held in memory while it is checked (and as a DOM while it is validated), so
 * the body limit times the number of request threads bounds the memory of the requests being
 * handled; a body still arriving holds what came of it, within {@code relay.http.body-deadline}, and
 * one client address has at most {@code relay.http.max-slow-bodies-per-address} of those.
 *
 * @param maxBodyBytes     request body size
 * @param maxDepth         element nesting depth
 * @param maxElements      elements in the whole envelope
 * @param maxChildElements children of one element (items per request)
 * @param maxAttributes    attributes of one element
 * @param maxAttributeSize characters of one attribute value
 * @param maxTextLength    characters of one text value
 * @param readTimeout      how long a client may send nothing (between two parts of its request, and between
 *                         requests on a kept connection)
 */
@ConfigurationProperties(prefix = "relay.xml")
public record XmlLimits(
        @DefaultValue("4194304") long maxBodyBytes,
        @DefaultValue("32") int maxDepth,
        @DefaultValue("20000") long maxElements,
        @DefaultValue("5000") int maxChildElements,
        @DefaultValue("20") int maxAttributes,
        @DefaultValue("1024") int maxAttributeSize,
        @DefaultValue("1048576") int maxTextLength,
        @DefaultValue("PT10S") Duration readTimeout) {}

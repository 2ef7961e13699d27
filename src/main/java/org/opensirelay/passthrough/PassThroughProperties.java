package org.opensirelay.passthrough;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bounds of the pass-through for all websites ({@code relay.pass-through.*}); what passes for each
 * website is set on its shop ({@code relay.websites[N].shop.pass-through.*}).
 *
 * @param maxConcurrent           calls to shops under way at once; one more gets a "busy" fault at once. They
 *                                run on their own threads, so a slow shop never holds a thread the relay's own
 *                                operations need
 * @param maxConcurrentPerWebsite calls to one website's shop under way at once, so that a shop that hangs takes
 *                                its own website's slots and no other's
 * @param maxAnswerBytes          the largest answer passed back (answers are streamed, never held whole)
 * @param deadline                how long one call may take in all, from sending the request to the last byte of
 *                                the shop's answer: a shop that drips its answer never trips a read timeout
 */
@ConfigurationProperties(prefix = "relay.pass-through")
record PassThroughProperties(
        @DefaultValue("32") int maxConcurrent,
        @DefaultValue("8") int maxConcurrentPerWebsite,
        @DefaultValue("268435456") long maxAnswerBytes,
        @DefaultValue("PT5M") Duration deadline) {}

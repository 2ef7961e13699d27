package org.opensirelay.passthrough;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bounds of the pass-through for all websites ({@code relay.pass-through.*}); what passes for each
 * website is set on its shop ({@code relay.websites[N].shop.pass-through.*}).
 *
 * @param maxConcurrent  calls to shops under way at once; one more gets a "busy" fault at once. They
 *                       run on their own threads, so a slow shop never holds a thread the relay's own
 *                       operations need
 * @param maxAnswerBytes the largest answer passed back (answers are streamed, never held whole)
 */
@ConfigurationProperties(prefix = "relay.pass-through")
public record PassThroughProperties(
        @DefaultValue("32") int maxConcurrent,
        @DefaultValue("268435456") long maxAnswerBytes) {}

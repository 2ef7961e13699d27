package org.opensirelay.website;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.opensirelay.website.WebsiteRegistry.WebsiteState;
import org.opensirelay.website.WebsitesProperties.WebsiteConfig;

/**
 * The websites a node knows, as the maps a request is looked up in (by code, id, key hash, username,
 * API token hash, merchant id): the cache {@link WebsiteRegistry} keeps and {@link WebsiteAuthenticator}
 * reads. Built whole, then swapped in: a request never sees half a change.
 */
record KnownWebsites(
        Map<String, Entry> byCode,
        Map<Long, Entry> byId,
        Map<String, Entry> byKeyHash,
        Map<String, Entry> byUsername,
        Map<String, Entry> byApiTokenHash,
        Map<String, Entry> byMerchantId) {

    static KnownWebsites of(Collection<Entry> entries) {
        KnownWebsites snapshot = new KnownWebsites(
                new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>());
        entries.forEach(snapshot::put);
        return snapshot;
    }

    void put(Entry entry) {
        byCode.put(entry.website().code(), entry);
        byId.put(entry.website().id(), entry);
        if (entry.website().security().needsKey()) {
            byKeyHash.put(entry.keyHash(), entry);
            if (entry.previousKeyHash() != null) {
                byKeyHash.put(entry.previousKeyHash(), entry);
            }
        }
        if (entry.website().username() != null) {
            byUsername.put(entry.website().username(), entry);
        }
        if (entry.apiTokenHash() != null) {
            byApiTokenHash.put(entry.apiTokenHash(), entry);
        }
        if (entry.previousApiTokenHash() != null) {
            byApiTokenHash.put(entry.previousApiTokenHash(), entry);
        }
        if (entry.merchantId() != null) {
            byMerchantId.put(entry.merchantId(), entry);
        }
    }

    void remove(Entry entry) {
        byCode.remove(entry.website().code(), entry);
        byId.remove(entry.website().id(), entry);
        byKeyHash.remove(entry.keyHash(), entry);
        if (entry.previousKeyHash() != null) {
            byKeyHash.remove(entry.previousKeyHash(), entry);
        }
        if (entry.website().username() != null) {
            byUsername.remove(entry.website().username(), entry);
        }
        if (entry.apiTokenHash() != null) {
            byApiTokenHash.remove(entry.apiTokenHash(), entry);
        }
        if (entry.previousApiTokenHash() != null) {
            byApiTokenHash.remove(entry.previousApiTokenHash(), entry);
        }
        if (entry.merchantId() != null) {
            byMerchantId.remove(entry.merchantId(), entry);
        }
    }

    KnownWebsites copy() {
        return new KnownWebsites(
                new HashMap<>(byCode),
                new HashMap<>(byId),
                new HashMap<>(byKeyHash),
                new HashMap<>(byUsername),
                new HashMap<>(byApiTokenHash),
                new HashMap<>(byMerchantId));
    }

    /** A known website: hashes as hex, so that two entries compare by value. */
    record Entry(
            Website website,
            boolean enabled,
            String managedBy,
            String keyHash,
            String previousKeyHash,
            Instant previousKeyUntil,
            String password,
            String apiTokenHash,
            String previousApiTokenHash,
            Instant previousApiTokenUntil,
            WebsiteConfig settings) {

        /** Google's merchant id for this website, if it has one. */
        String merchantId() {
            return settings.google().merchantId();
        }

        WebsiteState state() {
            return new WebsiteState(
                    website,
                    enabled,
                    managedBy,
                    previousKeyHash == null ? null : previousKeyUntil,
                    apiTokenHash != null,
                    previousApiTokenHash == null ? null : previousApiTokenUntil,
                    settings);
        }
    }
}

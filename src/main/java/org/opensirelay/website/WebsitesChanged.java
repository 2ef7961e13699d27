package org.opensirelay.website;

import java.util.List;

/**
 * Websites changed while the relay runs (through the admin API, on this node or another): those now
 * answered with their new settings, and the codes of those no longer answered (disabled or deleted).
 * Published on every node once it has applied the change.
 */
public record WebsitesChanged(List<Website> answered, List<String> withdrawn) {}

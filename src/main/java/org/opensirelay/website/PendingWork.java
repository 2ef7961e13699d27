package org.opensirelay.website;

/** Whether a website still has items waiting for its shop: a website is deleted only when none wait. */
public interface PendingWork {

    long pendingFor(long websiteId);
}

-- Every ERP key a website holds, its current one and the one a rotation is replacing, belongs to that
-- website alone, as the database says it: two creates or rotations choosing one key at the same time
-- (each checked against the keys in memory, which the other had not yet changed) cannot both succeed,
-- on one node or several. A key is claimed as the website takes it and released when the website is
-- deleted, its next rotation replaces it, or the configuration stops naming the website.
CREATE TABLE website_key (
    key_sha256  VARCHAR(64) NOT NULL,
    website_id  BIGINT      NOT NULL,
    previous    BOOLEAN     NOT NULL,
    CONSTRAINT website_key_pk PRIMARY KEY (key_sha256)
);
CREATE INDEX website_key_by_website ON website_key (website_id);

-- The keys held today: those of websites not deleted that are answered (or managed through the admin
-- API, which may enable them again); a configured website the configuration no longer names holds none.
-- Websites that came to share a key before this table keep opening with it: the oldest holds the claim,
-- and every start names the others until their keys are rotated (nothing here can fail on them).
INSERT INTO website_key (key_sha256, website_id, previous)
SELECT key_sha256, MIN(id), FALSE
FROM website
WHERE deleted = FALSE AND (active = TRUE OR managed_by = 'api')
GROUP BY key_sha256;

INSERT INTO website_key (key_sha256, website_id, previous)
SELECT w.previous_key_sha256, MIN(w.id), TRUE
FROM website w
WHERE w.deleted = FALSE AND (w.active = TRUE OR w.managed_by = 'api') AND w.previous_key_sha256 IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM website_key k WHERE k.key_sha256 = w.previous_key_sha256)
GROUP BY w.previous_key_sha256;

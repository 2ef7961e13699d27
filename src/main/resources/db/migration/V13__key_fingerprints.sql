-- What the database holds sealed or signed with a key kept outside it (a file of the data directory,
-- or a setting) can only be read or checked with that very key. Its fingerprint (an HMAC-SHA256 of a
-- fixed text keyed by the key: never the key) and where it came from are kept here, so that a start
-- with another key, or with none, stops and says which file to restore or which setting differs,
-- instead of making a new key in silence.
CREATE TABLE key_fingerprint (
    name         VARCHAR(64)  PRIMARY KEY,
    fingerprint  VARCHAR(64)  NOT NULL,
    source       VARCHAR(200) NOT NULL,
    recorded_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The newest backup of the embedded database, written into the database just before its copy is
-- taken: a database restored from a backup knows which one it came from (one row at most).
CREATE TABLE backup_taken (
    file      VARCHAR(200) PRIMARY KEY,
    taken_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

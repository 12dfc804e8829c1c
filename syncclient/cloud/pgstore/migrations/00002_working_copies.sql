-- Push and feed (docs/cloud-postgres.md, "Push and feed: the truth and
-- the working copies"). Each server process runs the bbolt cloud's push
-- code on a working copy of the event, caught up from these tables under
-- the event's head row lock: the log keeps each entry byte for byte as
-- the bbolt log does (its Relay included, which the feed needs), and the
-- merged records need no table of their own — they are a function of the
-- log, which every replica applies to the same result.

-- +goose Up
ALTER TABLE events
    ADD COLUMN version bigint NOT NULL DEFAULT 0 CHECK (version >= 0), -- one more per committed write
    ADD COLUMN own_seq bigint NOT NULL DEFAULT 0 CHECK (own_seq >= 0), -- the server device's last sequence
    ADD COLUMN desk    text   NOT NULL DEFAULT 'Cloud';                 -- the name the cloud's own changes carry

ALTER TABLE mutations
    ADD COLUMN ver bigint NOT NULL DEFAULT 0,        -- the event version that applied it
    ALTER COLUMN digest DROP NOT NULL,               -- entries from before the digest (migrated)
    DROP CONSTRAINT mutations_digest_check,
    ADD CONSTRAINT mutations_digest_size CHECK (digest IS NULL OR octet_length(digest) = 32);
CREATE INDEX mutations_ver ON mutations (event_id, ver);

-- No push wrote the log before this migration: the columns are replaced.
ALTER TABLE changes DROP COLUMN fields, ADD COLUMN body bytea NOT NULL;
ALTER TABLE parked DROP COLUMN change, ADD COLUMN body bytea NOT NULL;
DROP TABLE records;
DROP TABLE devices;

-- +goose Down
CREATE TABLE devices (
    event_id bigint NOT NULL REFERENCES events ON DELETE CASCADE,
    device   text   NOT NULL,
    last_seq bigint NOT NULL CHECK (last_seq >= 0),
    PRIMARY KEY (event_id, device)
);
CREATE TABLE records (
    event_id bigint NOT NULL REFERENCES events ON DELETE CASCADE,
    entity   text   NOT NULL,
    id       text   NOT NULL,
    doc      jsonb  NOT NULL,
    PRIMARY KEY (event_id, entity, id)
);
DELETE FROM parked;
ALTER TABLE parked DROP COLUMN body, ADD COLUMN change jsonb NOT NULL;
DELETE FROM changes;
ALTER TABLE changes DROP COLUMN body, ADD COLUMN fields jsonb NOT NULL;
DROP INDEX mutations_ver;
DELETE FROM mutations WHERE digest IS NULL;
ALTER TABLE mutations
    DROP CONSTRAINT mutations_digest_size,
    ALTER COLUMN digest SET NOT NULL,
    ADD CONSTRAINT mutations_digest_check CHECK (octet_length(digest) = 32),
    DROP COLUMN ver;
ALTER TABLE events DROP COLUMN desk, DROP COLUMN own_seq, DROP COLUMN version;

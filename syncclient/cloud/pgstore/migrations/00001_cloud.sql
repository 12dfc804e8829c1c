-- The cloud's events on PostgreSQL (docs/cloud-postgres.md, "Schema").

-- +goose Up
CREATE TABLE events (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    identity      text        NOT NULL UNIQUE,   -- model.Event.Identity()
    definition    jsonb       NOT NULL,          -- model.Event
    server_device text        NOT NULL,          -- X-Racedesk-Server: whose log this is
    enrol_hash    bytea,                         -- sha256 of the enrolment token (NULL: none)
    head          bigint      NOT NULL DEFAULT 0 CHECK (head >= 0), -- last log position given out
    hlc           bigint      NOT NULL DEFAULT 0, -- the event's cloud clock
    created       timestamptz NOT NULL DEFAULT now()
);

-- Desk tokens: only their SHA-256 is kept.
CREATE TABLE desk_tokens (
    hash     bytea       PRIMARY KEY CHECK (octet_length(hash) = 32),
    event_id bigint      NOT NULL REFERENCES events ON DELETE CASCADE,
    prefix   text        NOT NULL,
    desk     text        NOT NULL,
    device   text        NOT NULL DEFAULT '',   -- '' until an organizer's token is first used
    via      text        NOT NULL,              -- join, organizer, successor
    parent   text        NOT NULL DEFAULT '',
    hub      boolean     NOT NULL DEFAULT false,
    created  timestamptz NOT NULL,
    revoked  timestamptz
);
CREATE INDEX desk_tokens_device ON desk_tokens (event_id, device);

-- The last sequence applied of each device (a push's gap check).
CREATE TABLE devices (
    event_id bigint NOT NULL REFERENCES events ON DELETE CASCADE,
    device   text   NOT NULL,
    last_seq bigint NOT NULL CHECK (last_seq >= 0),
    PRIMARY KEY (event_id, device)
);

-- Mutation IDs applied, with the applied stamp and the content digest: a
-- retry has the same digest, a reused ID another.
CREATE TABLE mutations (
    event_id bigint NOT NULL REFERENCES events ON DELETE CASCADE,
    device   text   NOT NULL,
    seq      bigint NOT NULL CHECK (seq > 0),
    hlc      bigint NOT NULL,
    digest   bytea  NOT NULL CHECK (octet_length(digest) = 32),
    PRIMARY KEY (event_id, device, seq)
);

-- The log. Positions are given out under the event's head row lock, so
-- their order is the commit order (docs/cloud-postgres.md).
CREATE TABLE changes (
    event_id  bigint NOT NULL REFERENCES events ON DELETE CASCADE,
    pos       bigint NOT NULL CHECK (pos > 0),
    device    text   NOT NULL,
    seq       bigint NOT NULL,
    hlc       bigint NOT NULL,
    desk      text   NOT NULL,
    entity    text   NOT NULL,
    record_id text   NOT NULL,
    op        text   NOT NULL,
    origin    text   NOT NULL DEFAULT '',
    fields    jsonb  NOT NULL,               -- [{"f":…,"v":…}] as model.FieldChange
    relay     text   NOT NULL DEFAULT '',    -- the hub that delivered it
    PRIMARY KEY (event_id, pos)
);

-- Records as merged: participants and timing events, each field with its
-- stamp and device, as the bbolt record.
CREATE TABLE records (
    event_id bigint NOT NULL REFERENCES events ON DELETE CASCADE,
    entity   text   NOT NULL,
    id       text   NOT NULL,
    doc      jsonb  NOT NULL,
    PRIMARY KEY (event_id, entity, id)
);

-- Edits that arrived before their registration, applied when it comes.
CREATE TABLE parked (
    event_id  bigint NOT NULL REFERENCES events ON DELETE CASCADE,
    record_id text   NOT NULL,
    arrival   bigint NOT NULL,
    change    jsonb  NOT NULL,
    PRIMARY KEY (event_id, record_id, arrival)
);

-- Notices for people: refused changes, pulled-back stamps, bibs held twice.
CREATE TABLE notices (
    event_id bigint NOT NULL REFERENCES events ON DELETE CASCADE,
    seq      bigint GENERATED ALWAYS AS IDENTITY,
    notice   jsonb  NOT NULL,
    PRIMARY KEY (event_id, seq)
);

-- +goose Down
DROP TABLE notices;
DROP TABLE parked;
DROP TABLE records;
DROP TABLE changes;
DROP TABLE mutations;
DROP TABLE devices;
DROP TABLE desk_tokens;
DROP TABLE events;

-- Hub schema, version 1: record state, applied operations, devices, accounts.
-- Runs as role hub_owner (NOLOGIN, not a superuser), which owns every object here.
-- Staff login roles get nothing on these tables: only EXECUTE on the entry points
-- (functions/grants.sql).

CREATE TABLE hub.setting (
    key   text PRIMARY KEY,
    value jsonb NOT NULL
);
INSERT INTO hub.setting VALUES
    ('protocol', '1'),          -- protocol the hub speaks
    ('min_protocol', '1'),      -- older clients must update before they push or pull
    ('max_clock_skew_s', '300');

-- A staff member's PostgreSQL login role, mapped to the staff id of the case records.
CREATE TABLE hub.account (
    role_name  text PRIMARY KEY,
    staff_id   text NOT NULL,
    active     boolean NOT NULL DEFAULT true,
    is_admin   boolean NOT NULL DEFAULT false,  -- hub administrator: may write organisation data
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE hub.device (
    device_id     text PRIMARY KEY,
    staff_id      text NOT NULL,
    name          text NOT NULL DEFAULT '',
    registered_at timestamptz NOT NULL DEFAULT now(),
    revoked_at    timestamptz,
    last_seen     timestamptz
);

-- Server-assigned order of changes. Writers are serialized (advisory lock), so the sequence
-- order is also the commit order and a pull cursor never skips a late commit.
CREATE SEQUENCE hub.change_seq AS bigint;

-- Current state of every synced record, conflicts and note versions included.
-- fver: field -> record version at which that field last changed (the base for merging).
-- scope: 'org', a case id, or 'hh:<household id>'; it decides which devices receive the row.
CREATE TABLE hub.record (
    entity       text NOT NULL,
    id           text NOT NULL,
    version      integer NOT NULL,
    fields       jsonb NOT NULL,
    fver         jsonb NOT NULL,
    deleted      boolean NOT NULL DEFAULT false,
    scope        text NOT NULL,
    origin_staff text,
    seq          bigint NOT NULL DEFAULT nextval('hub.change_seq'),
    PRIMARY KEY (entity, id)
);
CREATE INDEX record_seq ON hub.record (seq);
CREATE INDEX record_scope ON hub.record (scope);
CREATE INDEX record_case_household ON hub.record ((fields->>'household_id')) WHERE entity = 'case_file';
CREATE INDEX record_share_case ON hub.record ((fields->>'case_id')) WHERE entity = 'case_share';
CREATE INDEX record_conflict_op ON hub.record ((fields->>'op_id')) WHERE entity = 'sync_conflict';
CREATE INDEX record_open_conflict ON hub.record ((fields->>'record_id'))
    WHERE entity = 'sync_conflict' AND fields->>'status' = 'open';

-- Every operation ever pushed, by op id: a replayed batch finds its ops here and changes nothing.
CREATE TABLE hub.applied_op (
    op_id          text PRIMARY KEY,
    device_id      text NOT NULL,
    entity         text NOT NULL,
    record_id      text NOT NULL,
    op             text NOT NULL,
    status         text NOT NULL,       -- applied | conflict | partial | denied | stale
    base_version   integer,             -- effective base the merge used
    result_version integer,             -- record version after this op
    applied_fields jsonb NOT NULL DEFAULT '[]',
    applied_at     timestamptz NOT NULL DEFAULT now()
);

-- Scopes each device holds, so that a case moved away can be removed from the old device.
CREATE TABLE hub.device_scope (
    device_id text NOT NULL,
    scope     text NOT NULL,
    removing  boolean NOT NULL DEFAULT false,
    PRIMARY KEY (device_id, scope)
);

-- Hub schema, version 5: retention destruction (개인정보 파기) reaches the hub and every device.
--
-- A supervisor or administrator destroys cases past their retention period on a device
-- (app.services.retention.destroy). The device pushes one operation 'destroy' per case (entity
-- case_file) and then one per household (entity household); they carry ids only. The hub:
-- 1. checks the pusher: role supervisor or admin, sees the case, the case is finished and past the
--    center's retention period; a household only when no live case of it is left. A refusal is
--    'denied' with a conflict for its author (no values), and the scopes are sent again to whoever
--    sees them (the pusher has already removed its copy);
-- 2. deletes every hub record of the case scope and of 'hh:<household>' outright (no tombstone
--    keeps values), with the conflicts and note versions about them wherever they are: those in a
--    scope devices receive (a refusal in its author's 'staff:' scope) are emptied to a tombstone
--    without values, so the devices that hold them delete their copies at the next pull;
-- 3. logs the destruction by ids, staff, device and time (hub.destruction) and keeps every
--    destroyed id (hub.destroyed). Devices that held the scopes lose sight of them and remove
--    them at their next pull (hub.device_scope, pull_changes' 'removed').
-- A later push that names a destroyed id (the record itself, or a case, household, member,
-- assessment, plan ... in its values) is answered 'destroyed' and stores nothing, not even a
-- conflict; the pushing device is told to remove those scopes at its next pull.
-- Deleted rows stay in PostgreSQL's table files until vacuumed, and in WAL and backups until those
-- are recycled: see resources/hub/README.md.

CREATE TABLE hub.destruction (
    op_id        text PRIMARY KEY,     -- the device's 'destroy' operation
    entity       text NOT NULL,        -- case_file | household
    record_id    text NOT NULL,
    household_id text,                 -- a case's household: its destroyer may destroy it next
    staff_id     text NOT NULL,
    device_id    text NOT NULL,
    records      integer NOT NULL,     -- hub records deleted (or emptied)
    destroyed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX destruction_household ON hub.destruction (household_id);

-- Ids only (UUIDs): what a late push must not bring back.
CREATE TABLE hub.destroyed (
    id     text PRIMARY KEY,
    entity text NOT NULL,
    scope  text NOT NULL,              -- the destroyed case id or 'hh:<household>' it went with
    op_id  text NOT NULL
);
CREATE INDEX destroyed_op ON hub.destroyed (op_id);

CREATE INDEX record_conflict_record ON hub.record ((fields->>'record_id')) WHERE entity = 'sync_conflict';
CREATE INDEX record_note_contact ON hub.record ((fields->>'contact_id')) WHERE entity = 'note_version';

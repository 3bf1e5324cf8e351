-- Hub schema, version 9: the hub's generation.
--
-- A hub restored from a backup (`python -m app hub restore`) has gone back in time: devices may
-- hold a pull cursor past anything it has, and changes they pushed after the backup are missing
-- from it. The restore gives the hub a new generation (functions/generation.sql); a device that
-- sees one it has not synced with sends again what it pushed since the backup (op ids make that
-- idempotent) and pulls again from the start.

CREATE TABLE hub.generation (
    only_row      boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    number        integer NOT NULL DEFAULT 1,        -- for people: 1, then one more per restore
    token         text NOT NULL,                     -- what devices compare: new at every restore
    restored_at   timestamptz,                       -- when the last restore was made
    restored_from timestamptz                        -- the newest change the restored backup held
);
INSERT INTO hub.generation (token) VALUES (gen_random_uuid()::text);

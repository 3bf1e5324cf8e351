-- Hub schema, version 7: an office PC shared by several staff members; read-only staff.
--
-- 1. A device may have several users. Each person syncs it with their own login: their changes
--    are pushed under their identity and rights (the client pushes only its signed-in person's
--    outbox rows), and each person's pull brings what that person may see, from a cursor the
--    device keeps per person. A scope leaves the device only when none of its users may see it
--    any more. hub.device.staff_id stays the person who registered the device first.
--    Only someone who can open the device's encrypted store may join it: the device keeps a
--    random secret in its store and the hub keeps its hash; a new user must present it. (Device
--    ids are not secret: conflicts and note versions carry them.) A device from before version 7
--    gets its secret from its first user's next sync. Disabled accounts leave every device.
-- 2. Read-only staff see their team's cases, as the client's own screens let them
--    (app.services.context.can_read_case); they still write nothing (hub._may_write).

CREATE TABLE hub.device_user (
    device_id text NOT NULL REFERENCES hub.device ON DELETE CASCADE,
    staff_id  text NOT NULL,
    added_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (device_id, staff_id)
);
INSERT INTO hub.device_user (device_id, staff_id) SELECT device_id, staff_id FROM hub.device
ON CONFLICT DO NOTHING;
ALTER TABLE hub.device ADD COLUMN secret_hash text;   -- sha256 of the device's secret, hex

-- Read-only staff now see their team's cases: give those records new sequence numbers so that the
-- devices of read-only staff receive them through their cursors.
-- (With the access rules and renumbering of version 7, brought along: the hub's current functions
-- are applied only after every migration.)
CREATE FUNCTION pg_temp._role(p_staff text) RETURNS text LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (
    SELECT CASE WHEN EXISTS (SELECT 1 FROM hub.account a WHERE a.staff_id = p_staff AND a.is_admin AND a.active)
                THEN 'admin'
                ELSE (SELECT s.fields->>'role' FROM hub.record s WHERE s.entity = 'staff' AND s.id = p_staff) END);
END $$;
CREATE FUNCTION pg_temp._team(p_staff text) RETURNS text LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (
    SELECT s.fields->>'team' FROM hub.record s WHERE s.entity = 'staff' AND s.id = p_staff);
END $$;
CREATE FUNCTION pg_temp.visible_scopes(p_staff text) RETURNS SETOF text LANGUAGE sql STABLE AS $$
    WITH me AS (SELECT pg_temp._role(p_staff) AS role, pg_temp._team(p_staff) AS team),
    cases AS (
        SELECT c.id, c.fields->>'household_id' AS hh
        FROM hub.record c, me
        WHERE c.entity = 'case_file'
          AND (me.role = 'admin' OR c.fields->>'manager_id' = p_staff
               OR (me.role IN ('supervisor', 'read_only') AND c.fields->>'team' = me.team)
               OR c.id IN (SELECT sh.fields->>'case_id' FROM hub.record sh
                           WHERE sh.entity = 'case_share' AND NOT sh.deleted
                             AND sh.fields->>'staff_id' = p_staff)))
    SELECT 'org'
    UNION SELECT 'staff:' || p_staff
    UNION SELECT id FROM cases
    UNION SELECT 'hh:' || hh FROM cases WHERE hh IS NOT NULL
    -- A household with no case yet is seen by the person who registered it.
    UNION SELECT h.scope FROM hub.record h, me
          WHERE h.entity = 'household'
            AND (me.role = 'admin'
                 OR (h.origin_staff = p_staff AND NOT EXISTS (
                        SELECT 1 FROM hub.record c WHERE c.entity = 'case_file' AND c.fields->>'household_id' = h.id)))
    -- A meeting: by whoever sees a case decided in it; with no case decided yet, by whoever recorded it.
    UNION SELECT 'mtg:' || (d.fields->>'meeting_id') FROM hub.record d JOIN cases ON d.scope = cases.id
          WHERE d.entity = 'meeting_decision' AND NOT d.deleted AND d.fields->>'meeting_id' IS NOT NULL
    UNION SELECT m.scope FROM hub.record m, me
          WHERE m.entity = 'meeting' AND m.scope LIKE 'mtg:%'
            AND (me.role = 'admin'
                 OR (m.origin_staff = p_staff AND NOT EXISTS (
                        SELECT 1 FROM hub.record d WHERE d.entity = 'meeting_decision' AND NOT d.deleted
                          AND d.fields->>'meeting_id' = m.id)))
$$;
CREATE FUNCTION pg_temp._bump(p_scopes text[]) RETURNS void LANGUAGE sql AS $$
    WITH renumbered AS MATERIALIZED (
        SELECT o.entity, o.id, nextval('hub.change_seq') AS seq
          FROM (SELECT r.entity, r.id FROM hub.record r WHERE r.scope = ANY(p_scopes)
                ORDER BY NOT r.deleted, r.seq) o)
    UPDATE hub.record r SET seq = n.seq FROM renumbered n WHERE r.entity = n.entity AND r.id = n.id
$$;
SELECT pg_temp._bump(ARRAY(SELECT DISTINCT v FROM hub.record st, pg_temp.visible_scopes(st.id) v
                       WHERE st.entity = 'staff' AND st.fields->>'role' = 'read_only' AND NOT st.deleted
                         AND v <> 'org' AND v NOT LIKE 'staff:%'));
DROP FUNCTION pg_temp._bump(text[]), pg_temp.visible_scopes(text), pg_temp._team(text), pg_temp._role(text);

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

CREATE FUNCTION hub._secret_hash(p_secret text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT encode(sha256(convert_to(p_secret, 'UTF8')), 'hex')
$$;

-- A hub administrator account counts only while it is active.
CREATE OR REPLACE FUNCTION hub._role(p_staff text) RETURNS text LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (
    SELECT CASE WHEN EXISTS (SELECT 1 FROM hub.account a WHERE a.staff_id = p_staff AND a.is_admin AND a.active)
                THEN 'admin'
                ELSE (SELECT s.fields->>'role' FROM hub.record s WHERE s.entity = 'staff' AND s.id = p_staff) END);
END $$;

CREATE OR REPLACE FUNCTION hub._caller(p_device text, p_protocol integer) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    v_staff text;
    d hub.device;
BEGIN
    SELECT a.staff_id INTO v_staff FROM hub.account a WHERE a.role_name = session_user AND a.active;
    IF v_staff IS NULL THEN
        RAISE EXCEPTION 'no hub account for this login' USING ERRCODE = 'SY401';
    END IF;
    IF p_protocol < (SELECT s.value::int FROM hub.setting s WHERE s.key = 'min_protocol') THEN
        RAISE EXCEPTION 'client protocol % is too old', p_protocol USING ERRCODE = 'SY426';
    END IF;
    SELECT * INTO d FROM hub.device WHERE device_id = p_device;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'device not registered' USING ERRCODE = 'SY404';
    ELSIF d.revoked_at IS NOT NULL THEN
        RAISE EXCEPTION 'device revoked' USING ERRCODE = 'SY410';
    ELSIF NOT EXISTS (SELECT 1 FROM hub.device_user u WHERE u.device_id = p_device AND u.staff_id = v_staff) THEN
        RAISE EXCEPTION 'this person has not registered on this device' USING ERRCODE = 'SY403';
    END IF;
    RETURN v_staff;
END $$;

-- device: unregistered | revoked | new_user (the device is known, this person has not synced it
-- yet: register_device adds them) | active. first_user: this person registered the device
-- (a device from before version 7 keeps its one sync cursor for them).
CREATE OR REPLACE FUNCTION hub.hello(p_device text, p_protocol integer, p_client_schema text) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_staff text;
    d hub.device;
    v_state text;
BEGIN
    SELECT a.staff_id INTO v_staff FROM hub.account a WHERE a.role_name = session_user AND a.active;
    IF v_staff IS NULL THEN
        RAISE EXCEPTION 'no hub account for this login' USING ERRCODE = 'SY401';
    END IF;
    SELECT * INTO d FROM hub.device WHERE device_id = p_device;
    v_state := CASE WHEN NOT FOUND THEN 'unregistered'
                    WHEN d.revoked_at IS NOT NULL THEN 'revoked'
                    WHEN NOT EXISTS (SELECT 1 FROM hub.device_user u
                                     WHERE u.device_id = p_device AND u.staff_id = v_staff) THEN 'new_user'
                    ELSE 'active' END;
    IF v_state = 'active' THEN
        UPDATE hub.device SET last_seen = now() WHERE device_id = p_device;
    END IF;
    RETURN jsonb_build_object(
        'protocol', (SELECT value FROM hub.setting WHERE key = 'protocol'),
        'min_protocol', (SELECT value FROM hub.setting WHERE key = 'min_protocol'),
        'max_clock_skew_s', (SELECT value FROM hub.setting WHERE key = 'max_clock_skew_s'),
        'schema', (SELECT max(version) FROM hub.schema_version),
        'now', extract(epoch FROM clock_timestamp()),
        'staff_id', v_staff,
        'device', v_state,
        'first_user', coalesce(d.staff_id = v_staff, false),
        'has_secret', d.secret_hash IS NOT NULL);
END $$;

-- Clients before version 7: a new device, or the device's own first user; nobody joins with it.
CREATE OR REPLACE FUNCTION hub.register_device(p_device text, p_name text, p_protocol integer) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_staff text;
BEGIN
    SELECT a.staff_id INTO v_staff FROM hub.account a WHERE a.role_name = session_user AND a.active;
    IF v_staff IS NULL THEN
        RAISE EXCEPTION 'no hub account for this login' USING ERRCODE = 'SY401';
    END IF;
    INSERT INTO hub.device (device_id, staff_id, name) VALUES (p_device, v_staff, left(p_name, 100))
    ON CONFLICT (device_id) DO NOTHING;
    -- Its first user back on it only while it has no secret (a device from before version 7):
    -- once it has one, even the first user must show it (they may no longer have the device).
    INSERT INTO hub.device_user (device_id, staff_id)
    SELECT device_id, staff_id FROM hub.device
     WHERE device_id = p_device AND staff_id = v_staff AND secret_hash IS NULL
    ON CONFLICT DO NOTHING;
    PERFORM hub._caller(p_device, p_protocol);   -- SY403 for anyone else, SY410 when revoked
    RETURN jsonb_build_object('device', 'active', 'staff_id', v_staff);
END $$;

-- Register a new device with its secret, join a device by presenting its secret, or (its first
-- user, a device from before version 7) give a known device its secret.
CREATE FUNCTION hub.register_device(p_device text, p_name text, p_protocol integer, p_secret text) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_staff text;
    d hub.device;
BEGIN
    SELECT a.staff_id INTO v_staff FROM hub.account a WHERE a.role_name = session_user AND a.active;
    IF v_staff IS NULL THEN
        RAISE EXCEPTION 'no hub account for this login' USING ERRCODE = 'SY401';
    END IF;
    IF p_secret IS NULL OR length(p_secret) < 32 THEN
        RAISE EXCEPTION 'device secret missing' USING ERRCODE = 'SY403';
    END IF;
    INSERT INTO hub.device (device_id, staff_id, name, secret_hash)
    VALUES (p_device, v_staff, left(p_name, 100), hub._secret_hash(p_secret))
    ON CONFLICT (device_id) DO NOTHING;
    SELECT * INTO d FROM hub.device WHERE device_id = p_device FOR UPDATE;
    IF d.revoked_at IS NOT NULL THEN
        RAISE EXCEPTION 'device revoked' USING ERRCODE = 'SY410';   -- a revoked device takes no new users
    END IF;
    IF d.secret_hash IS NULL AND d.staff_id = v_staff THEN
        UPDATE hub.device SET secret_hash = hub._secret_hash(p_secret) WHERE device_id = p_device;
    ELSIF d.secret_hash IS DISTINCT FROM hub._secret_hash(p_secret) THEN
        RAISE EXCEPTION 'not this device''s secret' USING ERRCODE = 'SY403';
    END IF;
    INSERT INTO hub.device_user (device_id, staff_id) VALUES (p_device, v_staff) ON CONFLICT DO NOTHING;
    PERFORM hub._caller(p_device, p_protocol);
    RETURN jsonb_build_object('device', 'active', 'staff_id', v_staff);
END $$;

CREATE OR REPLACE FUNCTION hub._sees_case(p_staff text, p_case text, p_fields jsonb) RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (
    SELECT p_fields->>'manager_id' = p_staff
        OR hub._role(p_staff) = 'admin'
        OR (hub._role(p_staff) IN ('supervisor', 'read_only') AND p_fields->>'team' = hub._team(p_staff))
        OR EXISTS (SELECT 1 FROM hub.record sh WHERE sh.entity = 'case_share' AND NOT sh.deleted
                   AND sh.fields->>'case_id' = p_case AND sh.fields->>'staff_id' = p_staff));
END $$;

CREATE OR REPLACE FUNCTION hub.visible_scopes(p_staff text) RETURNS SETOF text LANGUAGE sql STABLE AS $$
    WITH me AS (SELECT hub._role(p_staff) AS role, hub._team(p_staff) AS team),
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

-- As in 004, except that a scope is removed from the device only when none of the device's users
-- may see it (each user pulls from their own cursor, which the client keeps).
CREATE OR REPLACE FUNCTION hub.pull_changes(p_device text, p_protocol integer, p_cursor bigint, p_limit integer,
                                            p_ack_removed text[]) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET plan_cache_mode = force_custom_plan AS $$
DECLARE
    v_staff text;
    v_vis text[];
    v_device_vis text[];
    v_removed text[];
    v_page jsonb;
    v_cursor bigint;
BEGIN
    v_staff := hub._caller(p_device, p_protocol);
    -- Shared with other readers, exclusive of writers: every statement below sees one state.
    PERFORM pg_advisory_xact_lock_shared(7382001);
    v_vis := ARRAY(SELECT hub.visible_scopes(v_staff));
    IF EXISTS (SELECT 1 FROM hub.device_user u WHERE u.device_id = p_device AND u.staff_id <> v_staff) THEN
        v_device_vis := ARRAY(SELECT DISTINCT s FROM hub.device_user u
                                JOIN hub.account a ON a.staff_id = u.staff_id AND a.active,
                                LATERAL hub.visible_scopes(u.staff_id) s
                              WHERE u.device_id = p_device);
    ELSE
        v_device_vis := v_vis;
    END IF;

    -- Scopes this device holds but none of its users may see are sent as removals until acknowledged.
    DELETE FROM hub.device_scope WHERE device_id = p_device AND removing AND scope = ANY(coalesce(p_ack_removed, '{}'));
    INSERT INTO hub.device_scope (device_id, scope)
    SELECT p_device, v FROM unnest(v_vis) v
    ON CONFLICT (device_id, scope) DO UPDATE SET removing = false WHERE hub.device_scope.removing;
    UPDATE hub.device_scope ds SET removing = true
      FROM (SELECT scope FROM hub.device_scope WHERE device_id = p_device AND NOT removing
            EXCEPT SELECT unnest(v_device_vis)) gone
     WHERE ds.device_id = p_device AND ds.scope = gone.scope;
    v_removed := ARRAY(SELECT scope FROM hub.device_scope WHERE device_id = p_device AND removing ORDER BY scope);

    v_page := hub._pull_page(v_vis, p_cursor, p_limit);    -- 004: a page never splits a unique key's move
    IF (v_page->>'more')::boolean THEN
        v_cursor := (v_page->>'last')::bigint;
    ELSE
        v_cursor := greatest(p_cursor, coalesce((SELECT max(seq) FROM hub.record), 0));
    END IF;
    RETURN jsonb_build_object('records', v_page->'records', 'cursor', v_cursor, 'more', (v_page->>'more')::boolean,
                              'removed', to_jsonb(v_removed),
                              -- of those, the ones destroyed (005): nobody's unsent change keeps them
                              'destroyed', to_jsonb(ARRAY(SELECT DISTINCT d.scope FROM hub.destroyed d
                                                          WHERE d.scope = ANY(v_removed))));
END $$;

-- Read-only staff now see their team's cases: give those records new sequence numbers so that the
-- devices of read-only staff receive them through their cursors.
SELECT hub._bump(ARRAY(SELECT DISTINCT v FROM hub.record st, hub.visible_scopes(st.id) v
                       WHERE st.entity = 'staff' AND st.fields->>'role' = 'read_only' AND NOT st.deleted
                         AND v <> 'org' AND v NOT LIKE 'staff:%'));

REVOKE ALL ON FUNCTION hub.register_device(text, text, integer, text), hub._secret_hash(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION hub.register_device(text, text, integer, text) TO hub_staff;

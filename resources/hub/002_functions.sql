-- Hub functions, version 1. Staff login roles (members of hub_staff) may call only the four
-- SECURITY DEFINER entry points at the bottom; everything else here is internal.
-- Errors the client maps to messages use custom SQLSTATEs:
--   SY401 no hub account for this login   SY403 device belongs to another staff member
--   SY404 device not registered           SY410 device revoked
--   SY426 client protocol too old

-- The helpers below are PL/pgSQL rather than SQL functions: they run once per pushed operation,
-- and PL/pgSQL keeps their query plans for the session where SQL functions plan on every call.

-- Role of a staff member for access rules: a hub administrator account counts as admin even
-- before its staff record has reached the hub (the very first push).
CREATE FUNCTION hub._role(p_staff text) RETURNS text LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (
    SELECT CASE WHEN EXISTS (SELECT 1 FROM hub.account a WHERE a.staff_id = p_staff AND a.is_admin)
                THEN 'admin'
                ELSE (SELECT s.fields->>'role' FROM hub.record s WHERE s.entity = 'staff' AND s.id = p_staff) END);
END $$;

CREATE FUNCTION hub._team(p_staff text) RETURNS text LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (
    SELECT s.fields->>'team' FROM hub.record s WHERE s.entity = 'staff' AND s.id = p_staff);
END $$;

-- Which devices receive a record: the case it belongs to, its household, or the whole organisation.
CREATE FUNCTION hub._scope(p_entity text, p_id text, p_fields jsonb) RETURNS text LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (
    SELECT coalesce(CASE
        WHEN p_entity = 'case_file' THEN p_id
        WHEN p_entity = 'household' THEN 'hh:' || p_id
        WHEN p_entity = 'member' THEN 'hh:' || (p_fields->>'household_id')
        WHEN p_entity IN ('assessment_domain', 'screening') THEN
            (SELECT r.scope FROM hub.record r WHERE r.entity = 'assessment' AND r.id = p_fields->>'assessment_id')
        WHEN p_entity = 'plan_item' THEN
            (SELECT r.scope FROM hub.record r WHERE r.entity = 'service_plan' AND r.id = p_fields->>'plan_id')
        WHEN p_fields ? 'case_id' THEN p_fields->>'case_id'
        ELSE 'org' END, 'none'));
END $$;

-- The visibility rule of app.services.queries._visible: admin, the case manager, the team's
-- supervisor, and staff the case is shared with.
CREATE FUNCTION hub._sees_case(p_staff text, p_case text, p_fields jsonb) RETURNS boolean LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (
    SELECT p_fields->>'manager_id' = p_staff
        OR hub._role(p_staff) = 'admin'
        OR (hub._role(p_staff) = 'supervisor' AND p_fields->>'team' = hub._team(p_staff))
        OR EXISTS (SELECT 1 FROM hub.record sh WHERE sh.entity = 'case_share' AND NOT sh.deleted
                   AND sh.fields->>'case_id' = p_case AND sh.fields->>'staff_id' = p_staff));
END $$;

CREATE FUNCTION hub.visible_scopes(p_staff text) RETURNS SETOF text LANGUAGE sql STABLE AS $$
    WITH me AS (SELECT hub._role(p_staff) AS role, hub._team(p_staff) AS team),
    cases AS (
        SELECT c.id, c.fields->>'household_id' AS hh
        FROM hub.record c, me
        WHERE c.entity = 'case_file'
          AND (me.role = 'admin' OR c.fields->>'manager_id' = p_staff
               OR (me.role = 'supervisor' AND c.fields->>'team' = me.team)
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
$$;

CREATE FUNCTION hub.can_see(p_staff text, p_scope text) RETURNS boolean LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (
    SELECT CASE
        WHEN p_scope = 'org' THEN true
        WHEN p_scope = 'staff:' || p_staff THEN true
        WHEN p_scope LIKE 'hh:%' THEN
            hub._role(p_staff) = 'admin'
            OR (EXISTS (SELECT 1 FROM hub.record h WHERE h.entity = 'household' AND h.scope = p_scope
                        AND h.origin_staff = p_staff)
                AND NOT EXISTS (SELECT 1 FROM hub.record c WHERE c.entity = 'case_file'
                                AND c.fields->>'household_id' = substr(p_scope, 4)))
            OR EXISTS (SELECT 1 FROM hub.record c WHERE c.entity = 'case_file'
                       AND c.fields->>'household_id' = substr(p_scope, 4)
                       AND hub._sees_case(p_staff, c.id, c.fields))
        ELSE EXISTS (SELECT 1 FROM hub.record c WHERE c.entity = 'case_file' AND c.id = p_scope
                     AND hub._sees_case(p_staff, c.id, c.fields))
    END);
END $$;

-- Write access: read-only staff write nothing; organisation master data is the administrator's;
-- a new case or household is allowed to whoever will see it; anything else needs the scope.
CREATE FUNCTION hub._may_write(p_staff text, p_entity text, p_id text, p_scope text, p_fields jsonb) RETURNS boolean LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (
    SELECT CASE
        WHEN hub._role(p_staff) IS NULL OR hub._role(p_staff) = 'read_only' THEN false
        WHEN p_scope = 'org' THEN p_entity NOT IN ('center', 'region', 'dong', 'dong_budget', 'staff')
                                  OR hub._role(p_staff) = 'admin'
        WHEN p_entity = 'case_file' THEN hub._sees_case(p_staff, p_id, p_fields)
             AND (NOT EXISTS (SELECT 1 FROM hub.record c WHERE c.entity = 'case_file' AND c.id = p_id)
                  OR hub.can_see(p_staff, p_scope))
        WHEN p_entity = 'household' AND NOT EXISTS (SELECT 1 FROM hub.record h WHERE h.entity = 'household'
                                                     AND h.id = p_id) THEN true
        ELSE hub.can_see(p_staff, p_scope)
    END);
END $$;

-- Give the records of these scopes new sequence numbers, so that devices which can now see
-- them receive them through the normal cursor (a case moved to another manager, a share).
CREATE FUNCTION hub._bump(p_scopes text[]) RETURNS void LANGUAGE sql AS $$
    UPDATE hub.record SET seq = nextval('hub.change_seq') WHERE scope = ANY(p_scopes)
$$;

CREATE FUNCTION hub._wire(r hub.record) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT jsonb_build_object('e', r.entity, 'id', r.id, 'v', r.version, 'd', r.deleted, 'f', r.fields,
                              's', r.scope, 'q', r.seq)
$$;

CREATE FUNCTION hub._caller(p_device text, p_protocol integer) RETURNS text LANGUAGE plpgsql AS $$
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
    ELSIF d.staff_id <> v_staff THEN
        RAISE EXCEPTION 'device belongs to another account' USING ERRCODE = 'SY403';
    ELSIF d.revoked_at IS NOT NULL THEN
        RAISE EXCEPTION 'device revoked' USING ERRCODE = 'SY410';
    END IF;
    RETURN v_staff;
END $$;

-- A conflict is a record like any other: it reaches every device that sees the case.
CREATE FUNCTION hub._conflict(p_staff text, p_device text, p_op text, p_entity text, p_id text,
                              p_scope text, p_kind text, p_field text, p_base jsonb, p_hub jsonb,
                              p_dev jsonb, p_base_version integer, p_hub_version integer)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    v_id text := gen_random_uuid()::text;
BEGIN
    INSERT INTO hub.record (entity, id, version, fields, fver, scope, origin_staff)
    VALUES ('sync_conflict', v_id, 1,
            jsonb_build_object('id', v_id, 'entity', p_entity, 'record_id', p_id, 'field', p_field,
                               'kind', p_kind, 'base_value', p_base, 'hub_value', p_hub,
                               'device_value', p_dev, 'base_version', p_base_version,
                               'hub_version', p_hub_version, 'op_id', p_op, 'device_id', p_device,
                               'staff_id', p_staff, 'status', 'open', 'resolution', NULL,
                               'resolved_by', NULL, 'created_at', now(), 'resolved_at', NULL),
            '{}', p_scope, p_staff);
END $$;

-- Case notes are append-only: every accepted note text is kept as its own version (id = op id).
CREATE FUNCTION hub._note_version(p_staff text, p_device text, p_op text, p_contact text, p_scope text,
                                  p_text jsonb, p_version integer, p_concurrent boolean)
RETURNS void LANGUAGE sql AS $$
    INSERT INTO hub.record (entity, id, version, fields, fver, scope, origin_staff)
    VALUES ('note_version', p_op, 1,
            jsonb_build_object('id', p_op, 'contact_id', p_contact, 'case_id', p_scope, 'text', p_text,
                               'record_version', p_version, 'staff_id', p_staff, 'device_id', p_device,
                               'concurrent', p_concurrent, 'created_at', now()),
            '{}', p_scope, p_staff)
    ON CONFLICT (entity, id) DO NOTHING
$$;

-- Scopes whose audience changes when this record changes.
CREATE FUNCTION hub._audience_changed(p_entity text, p_old jsonb, p_new jsonb, p_changed jsonb) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF p_entity = 'case_file' AND (p_old IS NULL OR p_changed ?| ARRAY['manager_id', 'team', 'household_id']) THEN
        PERFORM hub._bump(ARRAY[p_new->>'id', 'hh:' || (p_new->>'household_id'), 'hh:' || (p_old->>'household_id')]);
    ELSIF p_entity = 'case_share' THEN
        PERFORM hub._bump(ARRAY[p_new->>'case_id', 'hh:' || (SELECT c.fields->>'household_id' FROM hub.record c
                                                          WHERE c.entity = 'case_file' AND c.id = p_new->>'case_id')]);
    ELSIF p_entity = 'staff' AND p_old IS NOT NULL AND p_changed ?| ARRAY['role', 'team'] THEN
        UPDATE hub.record SET seq = nextval('hub.change_seq') WHERE scope <> 'org';
    END IF;
END $$;

CREATE FUNCTION hub._resolve(p_staff text, p_device text, p_op text, p_conflict text, p_choice text)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
    c hub.record;
    t hub.record;
    v_entity text;
    v_id text;
    v_kind text;
    v_field text;
    v_dev jsonb;
    v_version integer;
    v_fields jsonb;
BEGIN
    SELECT * INTO c FROM hub.record WHERE entity = 'sync_conflict' AND id = p_conflict FOR UPDATE;
    IF NOT FOUND THEN
        RETURN jsonb_build_object('status', 'stale');
    END IF;
    v_entity := c.fields->>'entity';
    v_id := c.fields->>'record_id';
    -- The reply always carries the record's state, so a device that showed its choice early
    -- is put right when the choice did not count.
    IF c.fields->>'status' <> 'open' THEN
        RETURN jsonb_build_object('status', 'stale', 'touch', jsonb_build_array(v_entity, v_id));
    END IF;
    IF NOT hub.can_see(p_staff, c.scope) OR hub._role(p_staff) = 'read_only' THEN
        RETURN jsonb_build_object('status', 'denied', 'touch', jsonb_build_array(v_entity, v_id));
    END IF;
    v_kind := c.fields->>'kind';
    v_field := c.fields->>'field';
    v_dev := c.fields->'device_value';
    IF p_choice = 'device' THEN
        SELECT * INTO t FROM hub.record WHERE entity = v_entity AND id = v_id FOR UPDATE;
        IF FOUND AND NOT hub._may_write(p_staff, v_entity, v_id, t.scope, t.fields) THEN
            RETURN jsonb_build_object('status', 'denied', 'touch', jsonb_build_array(v_entity, v_id));
        END IF;
        IF FOUND THEN
            v_version := t.version + 1;
            IF v_kind = 'field' THEN
                v_fields := jsonb_build_object(v_field, v_dev);
            ELSIF v_kind = 'delete' THEN
                v_fields := '{}';
            ELSE
                v_fields := coalesce(v_dev, '{}');
            END IF;
            UPDATE hub.record
               SET version = v_version, fields = fields || v_fields, deleted = (v_kind = 'delete'),
                   fver = fver || (SELECT coalesce(jsonb_object_agg(k, v_version), '{}')
                                   FROM jsonb_object_keys(v_fields) k),
                   seq = nextval('hub.change_seq')
             WHERE entity = v_entity AND id = v_id;
            IF v_entity = 'contact' AND v_fields ? 'note' THEN
                PERFORM hub._note_version(p_staff, p_device, p_op, v_id, t.scope, v_fields->'note', v_version, false);
            END IF;
        END IF;
    END IF;
    UPDATE hub.record
       SET version = version + 1, seq = nextval('hub.change_seq'),
           fields = fields || jsonb_build_object('status', 'resolved', 'resolution', p_choice,
                                                 'resolved_by', p_staff, 'resolved_at', now())
     WHERE entity = 'sync_conflict' AND id = p_conflict;
    RETURN jsonb_build_object('status', 'applied', 'touch', jsonb_build_array(v_entity, v_id));
END $$;

-- One operation from a device's outbox, merged field by field against its base version.
CREATE FUNCTION hub._apply_op(p_staff text, p_device text, p_op jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
    v_op_id text := p_op->>'op_id';
    v_entity text := p_op->>'entity';
    v_id text := p_op->>'entity_id';
    v_kind text := p_op->>'op';
    v_changes jsonb := coalesce(p_op->'changes', '{}');
    v_base integer := coalesce((p_op->>'base_version')::int, 0);
    v_chained boolean := false;
    v_done hub.applied_op;
    v_prev integer;
    r hub.record;
    v_found boolean;
    v_fields jsonb;
    v_scope text;
    v_status text := 'applied';
    v_result integer;
    v_applied jsonb := '{}';
    v_conflicts integer := 0;
    v_field text;
    v_pair jsonb;
    v_fver integer;
    v_hub jsonb;
    v_res jsonb;
BEGIN
    SELECT * INTO v_done FROM hub.applied_op WHERE op_id = v_op_id;
    IF FOUND THEN  -- a replayed op: answer as before, change nothing
        RETURN jsonb_build_object('op_id', v_op_id, 'status', v_done.status, 'version', v_done.result_version,
                                  'replayed', true);
    END IF;
    -- An op made on top of the device's own earlier, not yet merged op is based on that op's result.
    IF p_op->>'prev_op_id' IS NOT NULL THEN
        SELECT result_version INTO v_prev FROM hub.applied_op WHERE op_id = p_op->>'prev_op_id';
        IF FOUND THEN
            v_base := v_prev;
            v_chained := true;
        END IF;
    END IF;

    IF v_kind = 'resolve' THEN
        v_res := hub._resolve(p_staff, p_device, v_op_id, v_id, v_changes->>'choice');
        INSERT INTO hub.applied_op (op_id, device_id, entity, record_id, op, status, base_version, result_version)
        VALUES (v_op_id, p_device, v_entity, v_id, v_kind, v_res->>'status', NULL, NULL);
        RETURN v_res || jsonb_build_object('op_id', v_op_id);
    END IF;

    SELECT * INTO r FROM hub.record WHERE entity = v_entity AND id = v_id FOR UPDATE;
    v_found := FOUND;

    IF v_kind = 'insert' THEN
        SELECT coalesce(jsonb_object_agg(key, value->1), '{}') INTO v_fields FROM jsonb_each(v_changes);
        v_fields := v_fields || jsonb_build_object('id', v_id);
        v_scope := hub._scope(v_entity, v_id, v_fields);
        IF v_found THEN
            v_status := 'conflict';
            PERFORM hub._conflict(p_staff, p_device, v_op_id, v_entity, v_id, r.scope, 'exists', NULL, NULL,
                                  r.fields, v_fields, 0, r.version);
            v_result := r.version;
        ELSIF NOT hub._may_write(p_staff, v_entity, v_id, v_scope, v_fields) THEN
            v_status := 'denied';
            PERFORM hub._conflict(p_staff, p_device, v_op_id, v_entity, v_id, 'staff:' || p_staff, 'denied', NULL,
                                  NULL, NULL, v_fields, 0, NULL);
        ELSE
            INSERT INTO hub.record (entity, id, version, fields, fver, scope, origin_staff)
            VALUES (v_entity, v_id, 1, v_fields,
                    (SELECT coalesce(jsonb_object_agg(k, 1), '{}') FROM jsonb_object_keys(v_fields) k),
                    v_scope, p_staff);
            v_result := 1;
            v_applied := v_fields;
            IF v_entity = 'contact' AND coalesce(v_fields->>'note', '') <> '' THEN
                PERFORM hub._note_version(p_staff, p_device, v_op_id, v_id, v_scope, v_fields->'note', 1, false);
            END IF;
            PERFORM hub._audience_changed(v_entity, NULL, v_fields, v_fields);
        END IF;

    ELSIF v_kind = 'update' THEN
        IF NOT v_found THEN
            v_status := 'denied';
            PERFORM hub._conflict(p_staff, p_device, v_op_id, v_entity, v_id, 'staff:' || p_staff, 'missing',
                                  NULL, NULL, NULL, (SELECT jsonb_object_agg(key, value->1) FROM jsonb_each(v_changes)),
                                  v_base, NULL);
        ELSIF NOT hub._may_write(p_staff, v_entity, v_id, r.scope, r.fields) THEN
            v_status := 'denied';
            PERFORM hub._conflict(p_staff, p_device, v_op_id, v_entity, v_id, 'staff:' || p_staff, 'denied',
                                  NULL, NULL, NULL, (SELECT jsonb_object_agg(key, value->1) FROM jsonb_each(v_changes)),
                                  v_base, r.version);
            v_result := r.version;
        ELSIF r.deleted THEN
            -- Edited here, deleted there: neither wins silently.
            v_status := 'conflict';
            PERFORM hub._conflict(p_staff, p_device, v_op_id, v_entity, v_id, r.scope, 'edit_deleted', NULL,
                                  (SELECT jsonb_object_agg(key, value->0) FROM jsonb_each(v_changes)), NULL,
                                  (SELECT jsonb_object_agg(key, value->1) FROM jsonb_each(v_changes)),
                                  v_base, r.version);
            v_result := r.version;
        ELSE
            FOR v_field, v_pair IN SELECT key, value FROM jsonb_each(v_changes) LOOP
                v_fver := coalesce((r.fver->>v_field)::int, 0);
                IF v_entity = 'contact' AND v_field = 'note' THEN
                    v_applied := v_applied || jsonb_build_object(v_field, v_pair->1);
                ELSIF v_chained AND EXISTS (
                        SELECT 1 FROM hub.record c
                        WHERE c.entity = 'sync_conflict' AND c.fields->>'status' = 'open'
                          AND c.fields->>'record_id' = v_id AND c.fields->>'field' = v_field
                          AND c.fields->>'device_id' = p_device) THEN
                    -- Built on this device's own value that is still in conflict: a conflict too.
                    v_conflicts := v_conflicts + 1;
                    PERFORM hub._conflict(p_staff, p_device, v_op_id, v_entity, v_id, r.scope, 'field', v_field,
                                          v_pair->0, r.fields->v_field, v_pair->1, v_base, r.version);
                ELSIF v_fver > v_base AND (r.fields->v_field) IS DISTINCT FROM (v_pair->1) THEN
                    -- Changed here and, since this device's base, there: keep both for a person.
                    v_conflicts := v_conflicts + 1;
                    PERFORM hub._conflict(p_staff, p_device, v_op_id, v_entity, v_id, r.scope, 'field', v_field,
                                          v_pair->0, r.fields->v_field, v_pair->1, v_base, r.version);
                ELSIF (r.fields->v_field) IS DISTINCT FROM (v_pair->1) THEN
                    v_applied := v_applied || jsonb_build_object(v_field, v_pair->1);
                END IF;
            END LOOP;
            IF v_applied <> '{}' THEN
                v_result := r.version + 1;
                v_fields := r.fields || v_applied;
                UPDATE hub.record
                   SET version = v_result, fields = v_fields,
                       fver = fver || (SELECT jsonb_object_agg(k, v_result) FROM jsonb_object_keys(v_applied) k),
                       scope = hub._scope(v_entity, v_id, v_fields), seq = nextval('hub.change_seq')
                 WHERE entity = v_entity AND id = v_id;
                IF v_applied ? 'note' AND v_entity = 'contact' THEN
                    PERFORM hub._note_version(p_staff, p_device, v_op_id, v_id, r.scope, v_applied->'note', v_result,
                                              coalesce((r.fver->>'note')::int, 0) > v_base);
                END IF;
                PERFORM hub._audience_changed(v_entity, r.fields, v_fields, v_applied);
            ELSE
                v_result := r.version;
            END IF;
            v_status := CASE WHEN v_conflicts = 0 THEN 'applied'
                             WHEN v_applied <> '{}' THEN 'partial' ELSE 'conflict' END;
        END IF;

    ELSIF v_kind = 'delete' THEN
        IF NOT v_found OR r.deleted THEN
            v_result := r.version;  -- already gone: deleting again changes nothing
        ELSIF NOT hub._may_write(p_staff, v_entity, v_id, r.scope, r.fields) THEN
            v_status := 'denied';
            PERFORM hub._conflict(p_staff, p_device, v_op_id, v_entity, v_id, 'staff:' || p_staff, 'denied',
                                  NULL, NULL, NULL, NULL, v_base, r.version);
            v_result := r.version;
        ELSE
            SELECT jsonb_object_agg(key, r.fields->key) INTO v_hub
              FROM jsonb_each_text(r.fver) WHERE value::int > v_base;
            IF v_hub IS NOT NULL THEN
                -- Deleted here, edited there since: a conflict, neither a loss nor a resurrection.
                v_status := 'conflict';
                PERFORM hub._conflict(p_staff, p_device, v_op_id, v_entity, v_id, r.scope, 'delete', NULL,
                                      NULL, v_hub, NULL, v_base, r.version);
                v_result := r.version;
            ELSE
                v_result := r.version + 1;
                UPDATE hub.record SET deleted = true, version = v_result, seq = nextval('hub.change_seq')
                 WHERE entity = v_entity AND id = v_id;
                PERFORM hub._audience_changed(v_entity, r.fields, r.fields, '{}');
            END IF;
        END IF;
    ELSE
        RAISE EXCEPTION 'unknown operation %', v_kind USING ERRCODE = '22023';
    END IF;

    INSERT INTO hub.applied_op (op_id, device_id, entity, record_id, op, status, base_version, result_version,
                                applied_fields)
    VALUES (v_op_id, p_device, v_entity, v_id, v_kind, v_status, v_base, v_result,
            (SELECT coalesce(jsonb_agg(k), '[]') FROM jsonb_object_keys(v_applied) k));
    RETURN jsonb_build_object('op_id', v_op_id, 'status', v_status, 'version', v_result);
END $$;

-- ---- entry points for staff logins ---------------------------------------------------------

CREATE FUNCTION hub.hello(p_device text, p_protocol integer, p_client_schema text) RETURNS jsonb
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
                    WHEN d.staff_id <> v_staff THEN 'other_staff'
                    WHEN d.revoked_at IS NOT NULL THEN 'revoked'
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
        'device', v_state);
END $$;

CREATE FUNCTION hub.register_device(p_device text, p_name text, p_protocol integer) RETURNS jsonb
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
    PERFORM hub._caller(p_device, p_protocol);  -- raises if revoked or someone else's
    RETURN jsonb_build_object('device', 'active', 'staff_id', v_staff);
END $$;

CREATE FUNCTION hub.push_changes(p_device text, p_protocol integer, p_ops jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_staff text;
    v_op jsonb;
    v_res jsonb;
    v_results jsonb := '[]';
    v_ents text[] := '{}';
    v_ids text[] := '{}';
    v_ops text[] := '{}';
    v_vis text[];
    v_records jsonb;
BEGIN
    v_staff := hub._caller(p_device, p_protocol);
    -- One writer at a time: sequence numbers are then handed out in commit order.
    PERFORM pg_advisory_xact_lock(7382001);
    FOR v_op IN SELECT value FROM jsonb_array_elements(p_ops) LOOP
        v_res := hub._apply_op(v_staff, p_device, v_op);
        v_results := v_results || jsonb_build_array(v_res - 'touch');
        v_ents := v_ents || (v_op->>'entity');
        v_ids := v_ids || (v_op->>'entity_id');
        v_ops := v_ops || (v_op->>'op_id');
        IF v_res ? 'touch' THEN
            v_ents := v_ents || (v_res->'touch'->>0);
            v_ids := v_ids || (v_res->'touch'->>1);
        END IF;
    END LOOP;
    -- The reply carries the merged state of every touched record the device may see, so the
    -- device is current for them without waiting for a pull.
    v_vis := ARRAY(SELECT hub.visible_scopes(v_staff));
    SELECT coalesce(jsonb_agg(hub._wire(x) ORDER BY x.seq), '[]') INTO v_records FROM (
        SELECT r.* FROM hub.record r JOIN (SELECT DISTINCT e, i FROM unnest(v_ents, v_ids) AS k(e, i)) k
          ON r.entity = k.e AND r.id = k.i
        UNION
        SELECT r.* FROM hub.record r WHERE r.entity = 'note_version' AND r.id = ANY(v_ops)
        UNION
        SELECT r.* FROM hub.record r WHERE r.entity = 'sync_conflict' AND r.fields->>'op_id' = ANY(v_ops)
    ) x WHERE x.scope = ANY(v_vis);
    RETURN jsonb_build_object('results', v_results, 'records', v_records);
END $$;

CREATE FUNCTION hub.pull_changes(p_device text, p_protocol integer, p_cursor bigint, p_limit integer,
                                 p_ack_removed text[]) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET plan_cache_mode = force_custom_plan AS $$
DECLARE
    v_staff text;
    v_vis text[];
    v_removed text[];
    v_page jsonb;
    v_n integer;
    v_last bigint;
    v_cursor bigint;
BEGIN
    v_staff := hub._caller(p_device, p_protocol);
    -- Shared with other readers, exclusive of writers: every statement below sees one state.
    PERFORM pg_advisory_xact_lock_shared(7382001);
    v_vis := ARRAY(SELECT hub.visible_scopes(v_staff));

    -- Scopes this device holds but may no longer see are sent as removals until it acknowledges them.
    DELETE FROM hub.device_scope WHERE device_id = p_device AND removing AND scope = ANY(coalesce(p_ack_removed, '{}'));
    INSERT INTO hub.device_scope (device_id, scope)
    SELECT p_device, v FROM unnest(v_vis) v
    ON CONFLICT (device_id, scope) DO UPDATE SET removing = false WHERE hub.device_scope.removing;
    UPDATE hub.device_scope ds SET removing = true
      FROM (SELECT scope FROM hub.device_scope WHERE device_id = p_device AND NOT removing
            EXCEPT SELECT unnest(v_vis)) gone
     WHERE ds.device_id = p_device AND ds.scope = gone.scope;
    v_removed := ARRAY(SELECT scope FROM hub.device_scope WHERE device_id = p_device AND removing ORDER BY scope);

    SELECT coalesce(jsonb_agg(hub._wire(p) ORDER BY p.seq), '[]'), count(*), max(p.seq)
      INTO v_page, v_n, v_last
      FROM (SELECT r.* FROM hub.record r JOIN unnest(v_vis) v(scope) ON v.scope = r.scope
            WHERE r.seq > p_cursor ORDER BY r.seq LIMIT p_limit) p;
    IF v_n >= p_limit THEN
        v_cursor := v_last;
    ELSE
        v_cursor := greatest(p_cursor, coalesce((SELECT max(seq) FROM hub.record), 0));
    END IF;
    RETURN jsonb_build_object('records', v_page, 'cursor', v_cursor, 'more', v_n >= p_limit,
                              'removed', to_jsonb(v_removed));
END $$;

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA hub FROM PUBLIC;
GRANT EXECUTE ON FUNCTION hub.hello(text, integer, text), hub.register_device(text, text, integer),
    hub.push_changes(text, integer, jsonb), hub.pull_changes(text, integer, bigint, integer, text[])
    TO hub_staff;

-- Retention destruction (README, schema 5): checks, deletion of the scopes, the log.

-- Whether any top-level value of a JSON object is a destroyed id.
CREATE FUNCTION hub._names_destroyed(p_values jsonb) RETURNS boolean LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN jsonb_typeof(p_values) = 'object' AND EXISTS (
        SELECT 1 FROM jsonb_each_text(p_values) v JOIN hub.destroyed d ON d.id = v.value);
END $$;

-- A case may be destroyed once it is finished and its retention period (the center setting
-- retention_years, 5 by default as in resources/rules/center_defaults.json) is over. One day of
-- slack: the device counts days in Korean time, the hub in its own.
CREATE FUNCTION hub._past_retention(p_case jsonb) RETURNS boolean LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_years integer;
BEGIN
    SELECT max(CASE
                 WHEN jsonb_typeof(c.fields->'settings'->'retention_years') = 'number'
                     THEN (c.fields->'settings'->>'retention_years')::numeric::integer
                 WHEN jsonb_typeof(c.fields->'settings'->'retention_years'->'case') = 'number'
                     THEN (c.fields->'settings'->'retention_years'->>'case')::numeric::integer END)
      INTO v_years
      FROM hub.record c WHERE c.entity = 'center' AND NOT c.deleted;
    v_years := coalesce(v_years, 5);
    RETURN coalesce(p_case->>'stage' IN ('closed', 'follow_up', 'ended', 'not_selected', 'linked', 'referred_out')
                    AND p_case->>'closed_on' ~ '^\d{4}-\d{2}-\d{2}'
                    AND left(p_case->>'closed_on', 10)::date <= (current_date + 1) - make_interval(years => v_years),
                    false);
END $$;

-- Delete one case or household scope for the destroy operation p_op; returns how many records went.
CREATE FUNCTION hub._destroy_scope(p_scope text, p_op text) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    v_n integer;
    v_total integer := 0;
BEGIN
    INSERT INTO hub.destroyed (id, entity, scope, op_id)
    SELECT r.id, r.entity, p_scope, p_op FROM hub.record r WHERE r.scope = p_scope
    ON CONFLICT (id) DO NOTHING;
    -- Quarantined records (scopes no device receives) that name the case, the household or one
    -- of their records; again for their own children.
    LOOP
        INSERT INTO hub.destroyed (id, entity, scope, op_id)
        SELECT r.id, r.entity, p_scope, p_op FROM hub.record r
         WHERE r.scope IN ('invalid', 'none') AND hub._names_destroyed(r.fields)
        ON CONFLICT (id) DO NOTHING;
        GET DIAGNOSTICS v_n = ROW_COUNT;
        EXIT WHEN v_n = 0;
    END LOOP;
    -- Conflicts and note versions about those records, wherever they are kept, and refusals in an
    -- author's own scope whose values name them.
    INSERT INTO hub.destroyed (id, entity, scope, op_id)
    SELECT r.id, r.entity, p_scope, p_op FROM hub.record r
     WHERE r.entity = 'sync_conflict'
       AND r.fields->>'record_id' IN (SELECT d.id FROM hub.destroyed d WHERE d.op_id = p_op)
    UNION
    SELECT r.id, r.entity, p_scope, p_op FROM hub.record r
     WHERE r.entity = 'note_version'
       AND (r.fields->>'contact_id' IN (SELECT d.id FROM hub.destroyed d WHERE d.op_id = p_op)
            OR r.fields->>'case_id' = p_scope)
    UNION
    SELECT r.id, r.entity, p_scope, p_op FROM hub.record r
     WHERE r.entity = 'sync_conflict' AND (r.scope LIKE 'staff:%' OR r.scope IN ('invalid', 'none'))
       AND (hub._names_destroyed(r.fields->'device_value') OR hub._names_destroyed(r.fields->'hub_value')
            OR hub._names_destroyed(r.fields->'base_value'))
    ON CONFLICT (id) DO NOTHING;

    -- Kept where devices may hold a copy (outside this scope): emptied to a tombstone without
    -- values, so that the next pull deletes the copies.
    UPDATE hub.record r
       SET fields = '{}', fver = '{}', deleted = true, version = r.version + 1, seq = nextval('hub.change_seq')
      FROM hub.destroyed d
     WHERE d.op_id = p_op AND r.entity = d.entity AND r.id = d.id
       AND r.scope <> p_scope AND r.scope NOT IN ('invalid', 'none') AND r.fields <> '{}';
    GET DIAGNOSTICS v_n = ROW_COUNT;
    v_total := v_n;
    DELETE FROM hub.record r
     USING hub.destroyed d
     WHERE d.op_id = p_op AND r.entity = d.entity AND r.id = d.id
       AND (r.scope = p_scope OR r.scope IN ('invalid', 'none'));
    GET DIAGNOSTICS v_n = ROW_COUNT;
    RETURN v_total + v_n;
END $$;

-- One 'destroy' operation: checked, then the scopes deleted, logged, and the ids kept.
CREATE FUNCTION hub._destroy(p_staff text, p_device text, p_op jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
    v_op_id text := p_op->>'op_id';
    v_entity text := p_op->>'entity';
    v_id text := p_op->>'entity_id';
    v_role text := hub._role(p_staff);
    r hub.record;
    c hub.record;
    v_found boolean;
    v_refused boolean := false;
    v_reason text;
    v_n integer := 0;
BEGIN
    IF coalesce(v_entity, '') NOT IN ('case_file', 'household') OR v_id IS NULL OR length(v_id) > 64 THEN
        RETURN hub._invalid(p_staff, p_device, p_op, NULL, NULL, NULL);
    END IF;
    SELECT * INTO r FROM hub.record WHERE entity = v_entity AND id = v_id FOR UPDATE;
    v_found := FOUND;
    IF NOT v_found AND EXISTS (SELECT 1 FROM hub.record x
                               WHERE x.entity = ANY(ARRAY(SELECT e.name FROM hub.entity e)
                                                    || ARRAY['sync_conflict', 'note_version'])
                                 AND x.id = v_id) THEN
        -- The id of another kind of record: never mark a live record destroyed by mistake.
        RETURN hub._invalid(p_staff, p_device, p_op, NULL, NULL, NULL);
    END IF;

    IF v_role IS NULL OR v_role NOT IN ('supervisor', 'admin') THEN
        v_refused := true;
    ELSIF NOT v_found THEN
        NULL;  -- destroyed already, or never reached the hub: nothing to do (and no id recorded)
    ELSIF v_entity = 'case_file' THEN
        IF NOT hub.can_see(p_staff, v_id) THEN
            v_refused := true;
        ELSIF NOT hub._past_retention(r.fields) THEN
            v_refused := true;   -- reopened elsewhere, or not yet past its retention period
            v_reason := 'closed_on';
        END IF;
    ELSIF EXISTS (SELECT 1 FROM hub.record k WHERE k.entity = 'case_file' AND NOT k.deleted
                  AND k.fields->>'household_id' = v_id) THEN
        v_refused := true;       -- a case of it is still kept (perhaps one this person does not see)
        v_reason := 'household_id';
    ELSIF NOT (hub.can_see(p_staff, 'hh:' || v_id)
               OR EXISTS (SELECT 1 FROM hub.destruction d WHERE d.household_id = v_id AND d.staff_id = p_staff)) THEN
        v_refused := true;
    END IF;

    IF v_refused THEN
        PERFORM hub._conflict(p_staff, p_device, v_op_id, v_entity, v_id, 'staff:' || p_staff, 'denied', v_reason,
                              NULL, NULL, NULL, 0, r.version);
        IF v_found AND hub.can_see(p_staff, r.scope) THEN
            -- The pusher removed its copy before asking: whoever sees the records gets them again.
            -- (Not for a pusher who never saw them: that would only renumber a scope for nothing.)
            PERFORM hub._bump(ARRAY[r.scope, 'hh:' || coalesce(r.fields->>'household_id', '')]);
        END IF;
        INSERT INTO hub.applied_op (op_id, device_id, entity, record_id, op, status, result_version)
        VALUES (v_op_id, p_device, v_entity, v_id, 'destroy', 'denied', r.version);
        RETURN jsonb_build_object('op_id', v_op_id, 'status', 'denied', 'version', r.version);
    END IF;

    IF v_entity = 'case_file' THEN
        v_n := hub._destroy_scope(v_id, v_op_id);
    ELSE
        -- Cases of the household deleted earlier still hold values in their tombstones.
        FOR c IN SELECT * FROM hub.record k WHERE k.entity = 'case_file' AND k.deleted
                  AND k.fields->>'household_id' = v_id LOOP
            v_n := v_n + hub._destroy_scope(c.id, v_op_id);
        END LOOP;
        v_n := v_n + hub._destroy_scope('hh:' || v_id, v_op_id);
    END IF;
    -- Only ids of records that were here: an unknown id is never marked destroyed in advance
    -- (later pushes naming it would be dropped).
    INSERT INTO hub.destroyed (id, entity, scope, op_id)
    SELECT v_id, v_entity, CASE WHEN v_entity = 'case_file' THEN v_id ELSE 'hh:' || v_id END, v_op_id
     WHERE v_found
    ON CONFLICT (id) DO NOTHING;
    INSERT INTO hub.destruction (op_id, entity, record_id, household_id, staff_id, device_id, records)
    VALUES (v_op_id, v_entity, v_id, CASE WHEN v_entity = 'case_file' THEN r.fields->>'household_id' END,
            p_staff, p_device, v_n);
    INSERT INTO hub.applied_op (op_id, device_id, entity, record_id, op, status)
    VALUES (v_op_id, p_device, v_entity, v_id, 'destroy', 'applied');
    RETURN jsonb_build_object('op_id', v_op_id, 'status', 'applied', 'version', NULL);
END $$;

-- Before hub._apply_op: a 'destroy' operation, or an operation that names a destroyed record.
-- NULL means "not this function's business". A replayed op goes to hub._apply_op, which answers
-- every op id it has seen as before.
CREATE FUNCTION hub._destroy_gate(p_staff text, p_device text, p_op jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
    v_changes jsonb := CASE WHEN jsonb_typeof(p_op->'changes') = 'object' THEN p_op->'changes' ELSE '{}' END;
    v_scopes text[];
BEGIN
    IF EXISTS (SELECT 1 FROM hub.applied_op a WHERE a.op_id = p_op->>'op_id') THEN
        RETURN NULL;
    END IF;
    IF p_op->>'op' = 'destroy' THEN
        RETURN hub._destroy(p_staff, p_device, p_op);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM hub.destroyed) THEN
        RETURN NULL;
    END IF;
    v_scopes := ARRAY(
        SELECT DISTINCT d.scope FROM hub.destroyed d
         WHERE d.id = p_op->>'entity_id'
            OR d.id IN (SELECT x.v FROM jsonb_each(v_changes) e,
                               LATERAL (VALUES (e.value->>0), (e.value->>1)) x(v)
                         WHERE jsonb_typeof(e.value) = 'array'));
    IF cardinality(v_scopes) = 0 THEN
        RETURN NULL;
    END IF;
    -- Nothing of it is kept, not even in a conflict. The device is told to remove those scopes
    -- at its next pull, also records of them it made itself and never sent before.
    INSERT INTO hub.device_scope (device_id, scope, removing)
    SELECT p_device, s, true FROM unnest(v_scopes) s
    ON CONFLICT (device_id, scope) DO UPDATE SET removing = true;
    INSERT INTO hub.applied_op (op_id, device_id, entity, record_id, op, status)
    VALUES (p_op->>'op_id', p_device, left(coalesce(p_op->>'entity', ''), 40),
            left(coalesce(p_op->>'entity_id', ''), 64), left(coalesce(p_op->>'op', ''), 20), 'destroyed');
    RETURN jsonb_build_object('op_id', p_op->>'op_id', 'status', 'destroyed', 'version', NULL);
END $$;

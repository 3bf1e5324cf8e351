-- Conflicts: making them, and resolving them by a person's choice.

-- A conflict is a record like any other: it reaches every device that sees the case.
CREATE FUNCTION hub._conflict(p_staff text, p_device text, p_op text, p_entity text, p_id text,
                              p_scope text, p_kind text, p_field text, p_base jsonb, p_hub jsonb,
                              p_dev jsonb, p_base_version integer, p_hub_version integer)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    -- Named by the operation, record, kind and field: an operation sent again to a hub restored
    -- from a backup makes the same conflict the devices already hold, not a second one.
    v_id text := CASE WHEN p_op IS NULL THEN gen_random_uuid()::text
                      ELSE md5(concat_ws('/', p_op, p_entity, p_id, p_kind, p_field))::uuid::text END;
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

-- Refuse one operation: recorded as applied with status 'invalid' (a replay answers the same), and
-- kept as a conflict of kind 'invalid' in its author's own scope, so the author sees what the
-- hub did not take.
CREATE FUNCTION hub._invalid(p_staff text, p_device text, p_op jsonb, p_field text, p_values jsonb,
                             p_hub_version integer) RETURNS jsonb LANGUAGE plpgsql AS $$
BEGIN
    PERFORM hub._conflict(p_staff, p_device, p_op->>'op_id', left(coalesce(p_op->>'entity', ''), 40),
                          left(coalesce(p_op->>'entity_id', ''), 36), 'staff:' || p_staff, 'invalid', p_field,
                          NULL, NULL, p_values, NULL, p_hub_version);
    INSERT INTO hub.applied_op (op_id, device_id, entity, record_id, op, status, result_version)
    VALUES (p_op->>'op_id', p_device, coalesce(p_op->>'entity', ''), coalesce(p_op->>'entity_id', ''),
            coalesce(p_op->>'op', ''), 'invalid', p_hub_version);
    RETURN jsonb_build_object('op_id', p_op->>'op_id', 'status', 'invalid', 'version', p_hub_version);
END $$;

-- A person's choice ('hub' or 'device') on a conflict. A refused change (kind 'invalid') can only be
-- acknowledged: no choice writes its values, and a kept device value must still name live parents.
-- Kind 'duplicate': hub._resolve_duplicate (README, unique keys). Any choice that would give two
-- live records one key (a deleted record brought back, a key field written) is refused: status
-- 'duplicate', the conflict stays open.
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
    v_res jsonb;
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
    IF v_kind = 'duplicate' THEN
        IF p_choice = 'device' THEN
            v_res := hub._resolve_duplicate(p_staff, p_device, c);
            IF v_res->>'status' <> 'applied' THEN
                RETURN v_res;
            END IF;
        END IF;
    ELSIF p_choice = 'device' AND v_kind <> 'invalid' THEN
        SELECT * INTO t FROM hub.record WHERE entity = v_entity AND id = v_id FOR UPDATE;
        IF FOUND AND NOT hub._may_write(p_staff, v_entity, v_id, t.scope, t.fields) THEN
            RETURN jsonb_build_object('status', 'denied', 'touch', jsonb_build_array(v_entity, v_id));
        END IF;
        IF FOUND AND (CASE WHEN v_kind = 'field' THEN coalesce((t.fver->>v_field)::int, 0)
                           ELSE t.version END) > coalesce((c.fields->>'hub_version')::int, 0) THEN
            -- Changed again on the hub after the conflict was recorded: taking the laptop's value
            -- now would drop that later edit unseen. The conflict stays open, showing the newest
            -- office value, for the person to choose again.
            UPDATE hub.record
               SET version = version + 1, seq = nextval('hub.change_seq'),
                   fields = fields || jsonb_build_object(
                       'hub_value', CASE WHEN v_kind = 'field' THEN t.fields->v_field ELSE t.fields END,
                       'hub_version', t.version)
             WHERE entity = 'sync_conflict' AND id = p_conflict;
            RETURN jsonb_build_object('status', 'stale', 'touch', jsonb_build_array(v_entity, v_id));
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
            IF hub._unplaceable(v_entity, v_fields, true) IS NOT NULL THEN
                RETURN jsonb_build_object('status', 'invalid', 'touch', jsonb_build_array(v_entity, v_id));
            END IF;
            IF v_kind <> 'delete' AND (t.deleted OR hub._key_changed(v_entity, t.fields, v_fields))
               AND hub._duplicate_of(v_entity, v_id, t.fields || v_fields) IS NOT NULL THEN
                RETURN jsonb_build_object('status', 'duplicate', 'touch', jsonb_build_array(v_entity, v_id));
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
            PERFORM hub._audience_changed(v_entity, t.fields, t.fields || v_fields, v_fields);
            IF t.deleted AND v_kind <> 'delete' AND EXISTS (SELECT 1 FROM hub.unique_key k WHERE k.entity = v_entity) THEN
                -- Brought back: it reaches the device by pull, after the tombstone of any record
                -- that held its key since (hub._pull_page). In the push reply it would meet that
                -- record still on the device, and every retry of the push would fail the same way.
                v_res := jsonb_build_object('status', 'applied');
            END IF;
        END IF;
    END IF;
    UPDATE hub.record
       SET version = version + 1, seq = nextval('hub.change_seq'),
           fields = fields || jsonb_build_object('status', 'resolved', 'resolution', p_choice,
                                                 'resolved_by', p_staff, 'resolved_at', now())
     WHERE entity = 'sync_conflict' AND id = p_conflict;
    RETURN coalesce(v_res, jsonb_build_object('status', 'applied', 'touch', jsonb_build_array(v_entity, v_id)));
END $$;

-- 'device' for a 'duplicate' conflict c: the laptop's values go into the record hub_value names,
-- key fields, required parents (what it belongs to: a case's household, ...), id and creation
-- time excepted. When that record is gone and the conflict is about
-- an insert the hub did not take, that record (a tombstone) is taken instead, if it still fits.
CREATE FUNCTION hub._resolve_duplicate(p_staff text, p_device text, c hub.record) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    t hub.record;
    v_entity text := c.fields->>'entity';
    v_lost text := c.fields->>'record_id';
    v_target text := c.fields->'hub_value'->>'id';
    v_dev jsonb := coalesce(c.fields->'device_value', '{}');
    v_fields jsonb;
    v_scope text;
    v_version integer;
BEGIN
    SELECT * INTO t FROM hub.record WHERE entity = v_entity AND id = v_target FOR UPDATE;
    IF FOUND AND NOT t.deleted THEN
        IF NOT hub._may_write(p_staff, v_entity, t.id, t.scope, t.fields) THEN
            RETURN jsonb_build_object('status', 'denied', 'touch', jsonb_build_array(v_entity, t.id));
        END IF;
        SELECT coalesce(jsonb_object_agg(d.key, d.value), '{}') INTO v_fields
          FROM jsonb_each(v_dev) d
         WHERE d.key NOT IN ('id', 'version', 'created_at')
           AND NOT EXISTS (SELECT 1 FROM hub.unique_key k WHERE k.entity = v_entity AND d.key = ANY(k.fields))
           AND NOT EXISTS (SELECT 1 FROM hub.parent_key k WHERE k.entity = v_entity AND k.field = d.key)
           AND (t.fields->d.key) IS DISTINCT FROM d.value;
        v_scope := hub._scope(v_entity, t.id, t.fields || v_fields);
        IF hub._unplaceable(v_entity, v_fields, true) IS NOT NULL THEN
            RETURN jsonb_build_object('status', 'invalid', 'touch', jsonb_build_array(v_entity, t.id));
        END IF;
        IF v_scope IS DISTINCT FROM t.scope AND NOT hub._may_write(p_staff, v_entity, t.id, v_scope, t.fields || v_fields) THEN
            RETURN jsonb_build_object('status', 'denied', 'touch', jsonb_build_array(v_entity, t.id));
        END IF;
        IF v_fields <> '{}' THEN
            v_version := t.version + 1;
            UPDATE hub.record
               SET version = v_version, fields = fields || v_fields, scope = v_scope,
                   fver = fver || (SELECT jsonb_object_agg(k, v_version) FROM jsonb_object_keys(v_fields) k),
                   seq = nextval('hub.change_seq')
             WHERE entity = v_entity AND id = t.id;
            PERFORM hub._audience_changed(v_entity, t.fields, t.fields || v_fields, v_fields);
        END IF;
        RETURN jsonb_build_object('status', 'applied', 'touch', jsonb_build_array(v_entity, t.id));
    END IF;

    SELECT * INTO t FROM hub.record WHERE entity = v_entity AND id = v_lost FOR UPDATE;
    IF v_lost = v_target OR NOT FOUND OR NOT t.deleted THEN
        RETURN jsonb_build_object('status', 'applied', 'touch', jsonb_build_array(v_entity, v_lost));
    END IF;
    v_fields := t.fields || (v_dev - 'version') || jsonb_build_object('id', v_lost);
    v_scope := hub._scope(v_entity, v_lost, v_fields);
    IF hub._unplaceable(v_entity, v_fields, false) IS NOT NULL THEN
        RETURN jsonb_build_object('status', 'invalid', 'touch', jsonb_build_array(v_entity, v_lost));
    ELSIF NOT hub._may_write(p_staff, v_entity, v_lost, v_scope, v_fields) THEN
        RETURN jsonb_build_object('status', 'denied', 'touch', jsonb_build_array(v_entity, v_lost));
    ELSIF hub._duplicate_of(v_entity, v_lost, v_fields) IS NOT NULL THEN
        RETURN jsonb_build_object('status', 'duplicate', 'touch', jsonb_build_array(v_entity, v_lost));
    END IF;
    v_version := t.version + 1;
    UPDATE hub.record
       SET version = v_version, fields = v_fields, deleted = false, scope = v_scope,
           fver = (SELECT jsonb_object_agg(k, v_version) FROM jsonb_object_keys(v_fields) k),
           seq = nextval('hub.change_seq')
     WHERE entity = v_entity AND id = v_lost;
    PERFORM hub._audience_changed(v_entity, NULL, v_fields, v_fields);
    -- The reply carries the kept record's tombstone, not the record taken: the resolving device may
    -- still hold the kept one, and removes it before the other arrives by pull (hub._pull_page).
    RETURN jsonb_build_object('status', 'applied', 'touch', jsonb_build_array(v_entity, v_target));
END $$;

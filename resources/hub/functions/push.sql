-- Push: a batch of operations from a device's outbox, merged into hub.record.

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

-- One operation from a device's outbox, merged field by field against its base version; refused
-- when it cannot be placed (hub._unplaceable, 'invalid'), may not be written ('denied'), or takes a
-- key another record holds ('conflict', resources/hub/README.md, unique keys).
CREATE FUNCTION hub._apply_op(p_staff text, p_device text, p_op jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
    v_op_id text := p_op->>'op_id';
    v_entity text := p_op->>'entity';
    v_id text := p_op->>'entity_id';
    v_kind text := p_op->>'op';
    v_changes jsonb := coalesce(p_op->'changes', '{}');
    v_base integer := CASE WHEN p_op->>'base_version' ~ '^[0-9]{1,9}$' THEN (p_op->>'base_version')::int ELSE 0 END;
    v_chained boolean := false;
    v_done hub.applied_op;
    v_prev integer;
    r hub.record;
    o hub.record;
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
    v_new jsonb;
    v_bad text;
    v_other text;
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

    -- Refused for this operation alone: an operation or entity the hub does not know.
    IF v_kind IS NULL OR v_kind NOT IN ('insert', 'update', 'delete', 'resolve') OR v_entity IS NULL OR v_id IS NULL
       OR (v_kind = 'resolve' AND v_entity <> 'sync_conflict')
       OR (v_kind <> 'resolve' AND NOT EXISTS (SELECT 1 FROM hub.entity e WHERE e.name = v_entity)) THEN
        RETURN hub._invalid(p_staff, p_device, p_op, NULL, NULL, NULL);
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
        v_bad := CASE WHEN v_found THEN NULL ELSE hub._unplaceable(v_entity, v_fields, false) END;
        v_other := CASE WHEN v_found OR v_bad IS NOT NULL THEN NULL ELSE hub._duplicate_of(v_entity, v_id, v_fields) END;
        IF v_found THEN
            v_status := 'conflict';
            PERFORM hub._conflict(p_staff, p_device, v_op_id, v_entity, v_id, r.scope, 'exists', NULL, NULL,
                                  r.fields, v_fields, 0, r.version);
            v_result := r.version;
        ELSIF v_bad IS NOT NULL THEN
            -- No device could place it (a null or unknown parent): refused, kept for its author.
            RETURN hub._invalid(p_staff, p_device, p_op, v_bad, v_fields, NULL);
        ELSIF NOT hub._may_write(p_staff, v_entity, v_id, v_scope, v_fields) THEN
            v_status := 'denied';
            PERFORM hub._conflict(p_staff, p_device, v_op_id, v_entity, v_id, 'staff:' || p_staff, 'denied', NULL,
                                  NULL, NULL, v_fields, 0, NULL);
        ELSIF v_other IS NOT NULL THEN
            -- Another record already holds this key (two laptops closed one case offline): not
            -- taken. Its tombstone goes back to the device in the push reply, so the device removes
            -- its copy; the values wait in the conflict for a person.
            SELECT * INTO o FROM hub.record WHERE entity = v_entity AND id = v_other;
            v_status := 'conflict';
            v_result := 1;
            INSERT INTO hub.record (entity, id, version, fields, fver, deleted, scope, origin_staff)
            VALUES (v_entity, v_id, 1, v_fields,
                    (SELECT coalesce(jsonb_object_agg(k, 1), '{}') FROM jsonb_object_keys(v_fields) k),
                    true, v_scope, p_staff);
            PERFORM hub._conflict(p_staff, p_device, v_op_id, v_entity, v_id,
                                  CASE WHEN hub.can_see(p_staff, o.scope) THEN o.scope ELSE 'staff:' || p_staff END,
                                  'duplicate', NULL, NULL, hub._kept_value(p_staff, o), v_fields, 0, o.version);
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
        SELECT coalesce(jsonb_object_agg(key, value->1), '{}') INTO v_new FROM jsonb_each(v_changes);
        v_bad := hub._unplaceable(v_entity, v_new, true);
        v_scope := CASE WHEN v_found THEN hub._scope(v_entity, v_id, r.fields || v_new) END;
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
        ELSIF v_bad IS NOT NULL THEN
            RETURN hub._invalid(p_staff, p_device, p_op, v_bad, v_new, r.version);
        ELSIF v_scope IS DISTINCT FROM r.scope
              AND NOT hub._may_write(p_staff, v_entity, v_id, v_scope, r.fields || v_new) THEN
            -- Moved to a case, household or meeting this person may not write to.
            v_status := 'denied';
            PERFORM hub._conflict(p_staff, p_device, v_op_id, v_entity, v_id, 'staff:' || p_staff, 'denied',
                                  NULL, NULL, NULL, v_new, v_base, r.version);
            v_result := r.version;
        ELSIF r.deleted AND EXISTS (
                SELECT 1 FROM hub.record c
                WHERE c.entity = 'sync_conflict' AND c.fields->>'status' = 'open'
                  AND c.fields->>'record_id' = v_id AND c.fields->>'kind' = 'duplicate') THEN
            -- A later change to a record the hub did not take: it joins that record's values.
            v_status := 'conflict';
            UPDATE hub.record c
               SET version = version + 1, seq = nextval('hub.change_seq'),
                   fields = jsonb_set(c.fields, '{device_value}', coalesce(c.fields->'device_value', '{}') || v_new)
             WHERE c.entity = 'sync_conflict' AND c.fields->>'status' = 'open'
               AND c.fields->>'record_id' = v_id AND c.fields->>'kind' = 'duplicate';
            v_result := r.version;
        ELSIF r.deleted THEN
            -- Edited here, deleted there: neither wins silently.
            v_status := 'conflict';
            PERFORM hub._conflict(p_staff, p_device, v_op_id, v_entity, v_id, r.scope, 'edit_deleted', NULL,
                                  (SELECT jsonb_object_agg(key, value->0) FROM jsonb_each(v_changes)), NULL,
                                  (SELECT jsonb_object_agg(key, value->1) FROM jsonb_each(v_changes)),
                                  v_base, r.version);
            v_result := r.version;
        ELSIF hub._key_changed(v_entity, r.fields, v_new) AND hub._duplicate_of(v_entity, v_id, r.fields || v_new) IS NOT NULL THEN
            -- The change would give this record a key another record holds: not made. The push
            -- reply brings the record back to its hub state on the device.
            v_status := 'conflict';
            PERFORM hub._conflict(p_staff, p_device, v_op_id, v_entity, v_id, r.scope, 'duplicate', NULL, NULL,
                                  (SELECT jsonb_object_agg(k, r.fields->k) FROM jsonb_object_keys(v_new) k)
                                  || jsonb_build_object('id', v_id),
                                  v_new, v_base, r.version);
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
    END IF;

    INSERT INTO hub.applied_op (op_id, device_id, entity, record_id, op, status, base_version, result_version,
                                applied_fields)
    VALUES (v_op_id, p_device, v_entity, v_id, v_kind, v_status, v_base, v_result,
            (SELECT coalesce(jsonb_agg(k), '[]') FROM jsonb_object_keys(v_applied) k));
    RETURN jsonb_build_object('op_id', v_op_id, 'status', v_status, 'version', v_result);
END $$;

-- Entry point: every operation goes through hub._destroy_gate before hub._apply_op (keep that
-- call); the reply has each operation's result and the records it touched.
CREATE FUNCTION hub.push_changes(p_device text, p_protocol integer, p_ops jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_staff text;
    v_op jsonb;
    v_res jsonb;
    -- Arrays grown in place (a jsonb grown by || is copied whole at every step: quadratic in the batch).
    v_results jsonb[] := '{}';
    v_ents text[] := '{}';
    v_ids text[] := '{}';
    v_ops text[] := '{}';
    v_records jsonb;
BEGIN
    v_staff := hub._caller(p_device, p_protocol);
    -- One writer at a time: sequence numbers are then handed out in commit order.
    PERFORM pg_advisory_xact_lock(7382001);
    FOR v_op IN SELECT value FROM jsonb_array_elements(p_ops) LOOP
        v_res := hub._destroy_gate(v_staff, p_device, v_op);
        IF v_res IS NULL THEN
            v_res := hub._apply_op(v_staff, p_device, v_op);
        END IF;
        v_results := array_append(v_results, v_res - 'touch');
        v_ents := array_append(v_ents, v_op->>'entity');
        v_ids := array_append(v_ids, v_op->>'entity_id');
        v_ops := array_append(v_ops, v_op->>'op_id');
        IF v_res ? 'touch' THEN
            v_ents := array_append(v_ents, v_res->'touch'->>0);
            v_ids := array_append(v_ids, v_res->'touch'->>1);
        END IF;
    END LOOP;
    -- The reply carries the merged state of every touched record the device may see, so the
    -- device is current for them without waiting for a pull. Whether the person sees a scope is
    -- asked of the few scopes the batch touched (hub.can_see answers as hub.visible_scopes, whose
    -- cost grows with everything the person may see).
    WITH touched AS MATERIALIZED (
        SELECT r.* FROM hub.record r JOIN (SELECT DISTINCT e, i FROM unnest(v_ents, v_ids) AS k(e, i)) k
          ON r.entity = k.e AND r.id = k.i
        UNION
        SELECT r.* FROM hub.record r WHERE r.entity = 'note_version' AND r.id = ANY(v_ops)
        UNION
        SELECT r.* FROM hub.record r WHERE r.entity = 'sync_conflict' AND r.fields->>'op_id' = ANY(v_ops)),
    seen AS MATERIALIZED (
        -- OFFSET 0: asked once per distinct scope (the condition is not pushed down into the DISTINCT)
        SELECT s.scope FROM (SELECT DISTINCT t.scope FROM touched t OFFSET 0) s WHERE hub.can_see(v_staff, s.scope))
    SELECT coalesce(jsonb_agg(hub._wire(x) ORDER BY x.seq), '[]') INTO v_records
      FROM touched x WHERE x.scope IN (SELECT scope FROM seen);
    RETURN jsonb_build_object('results', to_jsonb(v_results), 'records', v_records);
END $$;

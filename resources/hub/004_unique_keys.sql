-- Hub schema, version 4: the devices' unique keys.
--
-- A device's tables are unique by more than their id (a case has one closure, a colleague one
-- share per case, ...: hub.unique_key). Two laptops offline can each make a record with the same
-- key under different ids; a device that received both could not store the second, and its pull
-- failed on every sync. From this version:
-- 1. An insert (or an update of a key field) whose key another live record already holds is not
--    made. The operation's status is 'conflict' and a conflict of kind 'duplicate' keeps the sent
--    values (device_value) beside the kept record's (hub_value, whose 'id' names the record a
--    choice of 'device' writes to), in the kept record's scope: everyone who sees the case sees it
--    (in the author's own 'staff:' scope, with only the key, when the author may not see that
--    record). The insert is stored as a tombstone, so the push reply tells the device that made it
--    to remove its copy (its values are in the conflict), and later changes it made to that record
--    join the conflict.
-- 2. Resolving: 'hub' keeps the kept record. 'device' writes the laptop's values into the kept
--    record, its key fields and required parents excepted (so never a second record with the key,
--    never a record moved to another case or household); if the kept record has been deleted
--    since, the laptop's own record is taken after all, if it still fits. No resolution of any
--    kind may give two live records one key.
-- 3. A pull page never holds a record with a key after the tombstone of another record with the
--    same key: the page ends before it (hub._pull_page). A device applies a page's upserts before
--    its deletions, so it would otherwise meet the key twice (a share removed and made again, or a
--    duplicate removed below). Sequence numbers handed out again (hub._bump) put tombstones first.
--    A later file replacing pull_changes must keep its call to hub._pull_page.
-- 4. Upgrading: duplicates already on the hub keep the record the hub took first; the others become
--    tombstones (devices holding one remove it, before the kept record reaches them) with a
--    'duplicate' conflict each.

-- Every unique key of the devices' synced tables (models.entities: UniqueConstraint and
-- unique=True). tests/sync/test_unique_keys.py checks this list against the models.
CREATE TABLE hub.unique_key (
    entity text NOT NULL REFERENCES hub.entity,
    fields text[] NOT NULL,
    PRIMARY KEY (entity, fields)
);
INSERT INTO hub.unique_key VALUES
    ('dong', '{name}'), ('dong_budget', '{dong_id,year,line}'), ('staff', '{username}'),
    ('case_file', '{case_no}'), ('case_share', '{case_id,staff_id}'),
    ('assessment_domain', '{assessment_id,domain}'), ('closure', '{case_id}');

-- Lookups of a key among an entity's records (hub._duplicate_of); case_share uses record_share_case.
CREATE INDEX record_key_closure ON hub.record ((fields->>'case_id')) WHERE entity = 'closure';
CREATE INDEX record_key_domain ON hub.record ((fields->>'assessment_id')) WHERE entity = 'assessment_domain';
CREATE INDEX record_key_budget ON hub.record ((fields->>'dong_id')) WHERE entity = 'dong_budget';
CREATE INDEX record_key_case_no ON hub.record ((fields->>'case_no')) WHERE entity = 'case_file';

-- The id of another live record of this entity with one of its keys equal to these values, or NULL.
-- As in the devices' UNIQUE constraints, a key with a null part never collides. Records no device
-- receives ('invalid', 'none') do not count.
CREATE FUNCTION hub._duplicate_of(p_entity text, p_id text, p_fields jsonb) RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
    k hub.unique_key;
    v_other text;
BEGIN
    FOR k IN SELECT * FROM hub.unique_key WHERE entity = p_entity ORDER BY fields LOOP
        CONTINUE WHEN EXISTS (SELECT 1 FROM unnest(k.fields) f WHERE p_fields->>f IS NULL);
        -- Built with the entity and field names as literals, so that the partial indexes apply.
        EXECUTE format('SELECT r.id FROM hub.record r WHERE r.entity = %L AND NOT r.deleted AND r.id <> $1 '
                       'AND r.scope NOT IN (''invalid'', ''none'') %s ORDER BY r.seq LIMIT 1',
                       p_entity, (SELECT string_agg(format('AND r.fields->>%L = $2->>%L', f, f), ' ')
                                  FROM unnest(k.fields) f))
           INTO v_other USING p_id, p_fields;
        IF v_other IS NOT NULL THEN
            RETURN v_other;
        END IF;
    END LOOP;
    RETURN NULL;
END $$;

-- Whether these new values change a key field of the record.
CREATE FUNCTION hub._key_changed(p_entity text, p_old jsonb, p_new jsonb) RETURNS boolean LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN EXISTS (SELECT 1 FROM hub.unique_key k, unnest(k.fields) f
                   WHERE k.entity = p_entity AND p_new ? f AND (p_new->f) IS DISTINCT FROM (p_old->f));
END $$;

-- The kept record as a 'duplicate' conflict shows it to the author: whole when the author may see
-- it, else only its id and key.
CREATE FUNCTION hub._kept_value(p_staff text, o hub.record) RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF hub.can_see(p_staff, o.scope) THEN
        RETURN o.fields;
    END IF;
    RETURN (SELECT jsonb_object_agg(f, o.fields->f) FROM hub.unique_key k, unnest(k.fields) f WHERE k.entity = o.entity)
           || jsonb_build_object('id', o.id);
END $$;

-- Give the records of these scopes new sequence numbers, so that devices which can now see them
-- receive them through the normal cursor. Tombstones first: a device removes a record before it
-- receives another one with the same key (see hub._pull_page).
CREATE OR REPLACE FUNCTION hub._bump(p_scopes text[]) RETURNS void LANGUAGE sql AS $$
    WITH renumbered AS MATERIALIZED (
        SELECT o.entity, o.id, nextval('hub.change_seq') AS seq
          FROM (SELECT r.entity, r.id FROM hub.record r WHERE r.scope = ANY(p_scopes)
                ORDER BY NOT r.deleted, r.seq) o)
    UPDATE hub.record r SET seq = n.seq FROM renumbered n WHERE r.entity = n.entity AND r.id = n.id
$$;

-- As in 003; a change of a staff member's role or team renumbers with tombstones first too.
CREATE OR REPLACE FUNCTION hub._audience_changed(p_entity text, p_old jsonb, p_new jsonb, p_changed jsonb) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF p_entity = 'case_file' AND (p_old IS NULL OR p_changed ?| ARRAY['manager_id', 'team', 'household_id']) THEN
        PERFORM hub._bump(ARRAY[p_new->>'id', 'hh:' || (p_new->>'household_id'), 'hh:' || (p_old->>'household_id')]
                          || hub._case_meetings(p_new->>'id'));
    ELSIF p_entity = 'case_share' THEN
        PERFORM hub._bump(ARRAY[p_new->>'case_id', 'hh:' || (SELECT c.fields->>'household_id' FROM hub.record c
                                                          WHERE c.entity = 'case_file' AND c.id = p_new->>'case_id')]
                          || hub._case_meetings(p_new->>'case_id'));
    ELSIF p_entity = 'meeting_decision' THEN
        PERFORM hub._bump(ARRAY['mtg:' || (p_new->>'meeting_id'), 'mtg:' || (p_old->>'meeting_id')]);
    ELSIF p_entity = 'staff' AND p_old IS NOT NULL AND p_changed ?| ARRAY['role', 'team'] THEN
        PERFORM hub._bump(ARRAY(SELECT DISTINCT r.scope FROM hub.record r WHERE r.scope <> 'org'));
    END IF;
END $$;

-- One page of a pull: the visible records after the cursor, in sequence order, at most p_limit,
-- ending before a record whose key a tombstone earlier in the page also has. Keys are compared only
-- for entities with a tombstone in the page (rare: the cut costs nearly nothing otherwise).
CREATE FUNCTION hub._pull_page(p_vis text[], p_cursor bigint, p_limit integer) RETURNS jsonb
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_custom_plan AS $$
DECLARE
    v_page jsonb;
    v_n integer;
    v_full integer;
    v_last bigint;
    v_cut bigint;
BEGIN
    WITH page AS MATERIALIZED (
        SELECT r.* FROM hub.record r JOIN unnest(p_vis) v(scope) ON v.scope = r.scope
         WHERE r.seq > p_cursor ORDER BY r.seq LIMIT p_limit),
    keyed AS MATERIALIZED (
        SELECT p.seq, p.deleted,
               jsonb_build_array(k.entity, k.fields,
                                 (SELECT jsonb_agg(p.fields->f ORDER BY n) FROM unnest(k.fields) WITH ORDINALITY u(f, n))) AS key
          FROM page p JOIN hub.unique_key k ON k.entity = p.entity
         WHERE p.entity IN (SELECT t.entity FROM page t WHERE t.deleted)),
    cut AS (
        SELECT min(l.seq) AS seq FROM keyed l JOIN keyed t ON t.key = l.key
         WHERE t.deleted AND NOT l.deleted AND t.seq < l.seq)
    SELECT coalesce(jsonb_agg(hub._wire(p) ORDER BY p.seq) FILTER (WHERE c.seq IS NULL OR p.seq < c.seq), '[]'),
           count(*) FILTER (WHERE c.seq IS NULL OR p.seq < c.seq), count(*),
           max(p.seq) FILTER (WHERE c.seq IS NULL OR p.seq < c.seq), max(c.seq)
      INTO v_page, v_n, v_full, v_last, v_cut
      FROM page p CROSS JOIN cut c;
    RETURN jsonb_build_object('records', v_page, 'n', v_n, 'last', v_last,
                              'more', v_full >= p_limit OR v_cut IS NOT NULL);
END $$;

-- As in 002, with the page from hub._pull_page.
CREATE OR REPLACE FUNCTION hub.pull_changes(p_device text, p_protocol integer, p_cursor bigint, p_limit integer,
                                            p_ack_removed text[]) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET plan_cache_mode = force_custom_plan AS $$
DECLARE
    v_staff text;
    v_vis text[];
    v_removed text[];
    v_page jsonb;
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

    v_page := hub._pull_page(v_vis, p_cursor, p_limit);
    IF (v_page->>'more')::boolean THEN
        v_cursor := (v_page->>'last')::bigint;
    ELSE
        v_cursor := greatest(p_cursor, coalesce((SELECT max(seq) FROM hub.record), 0));
    END IF;
    RETURN jsonb_build_object('records', v_page->'records', 'cursor', v_cursor, 'more', (v_page->>'more')::boolean,
                              'removed', to_jsonb(v_removed));
END $$;

-- As in 003, and for the kind 'duplicate' see the head of this file. Any choice that would give two
-- live records one key (a deleted record brought back, a key field written) is refused: status
-- 'duplicate', the conflict stays open.
CREATE OR REPLACE FUNCTION hub._resolve(p_staff text, p_device text, p_op text, p_conflict text, p_choice text)
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

-- One operation from a device's outbox, merged field by field against its base version (as in
-- 003, with the unique keys: see the head of this file).
CREATE OR REPLACE FUNCTION hub._apply_op(p_staff text, p_device text, p_op jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
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


-- ---- existing data -------------------------------------------------------------------------

-- Duplicates that reached the hub before this version: the record the hub took first stays (the
-- time its insert was applied, then the device's creation time); each other one becomes a
-- tombstone with a 'duplicate' conflict for the person who made it. The kept record is numbered
-- after the tombstones, so that a device holding a removed one deletes it first (hub._pull_page).
DO $$
DECLARE
    k hub.unique_key;
    g record;
    v_ids text[];
    v_keep hub.record;
    d hub.record;
    v_op hub.applied_op;
    v_author text;
BEGIN
    FOR k IN SELECT * FROM hub.unique_key ORDER BY entity, fields LOOP
        FOR g IN EXECUTE format(
                'SELECT array_agg(r.id) AS ids FROM hub.record r '
                'WHERE r.entity = %L AND NOT r.deleted AND r.scope NOT IN (''invalid'', ''none'') AND %s '
                'GROUP BY %s HAVING count(*) > 1',
                k.entity,
                (SELECT string_agg(format('r.fields->>%L IS NOT NULL', f), ' AND ') FROM unnest(k.fields) f),
                (SELECT string_agg(format('r.fields->>%L', f), ', ') FROM unnest(k.fields) f)) LOOP
            SELECT array_agg(x.id ORDER BY x.at NULLS LAST, x.created NULLS LAST, x.id) INTO v_ids
              FROM (SELECT r.id, r.fields->>'created_at' AS created,
                           (SELECT min(a.applied_at) FROM hub.applied_op a
                             WHERE a.entity = r.entity AND a.record_id = r.id AND a.op = 'insert') AS at
                      FROM hub.record r WHERE r.entity = k.entity AND r.id = ANY(g.ids)) x;
            SELECT * INTO v_keep FROM hub.record WHERE entity = k.entity AND id = v_ids[1];
            FOR d IN SELECT * FROM hub.record WHERE entity = k.entity AND id = ANY(v_ids[2:]) ORDER BY seq LOOP
                SELECT * INTO v_op FROM hub.applied_op a
                 WHERE a.entity = d.entity AND a.record_id = d.id AND a.op = 'insert' ORDER BY a.applied_at LIMIT 1;
                UPDATE hub.record SET deleted = true, version = version + 1, seq = nextval('hub.change_seq')
                 WHERE entity = d.entity AND id = d.id;
                v_author := coalesce(d.origin_staff, v_keep.origin_staff);
                PERFORM hub._conflict(v_author, v_op.device_id, v_op.op_id, d.entity, d.id,
                                      CASE WHEN hub.can_see(v_author, v_keep.scope) THEN v_keep.scope
                                           ELSE 'staff:' || v_author END,
                                      'duplicate', NULL, NULL, hub._kept_value(v_author, v_keep), d.fields,
                                      0, v_keep.version);
            END LOOP;
            UPDATE hub.record SET seq = nextval('hub.change_seq') WHERE entity = k.entity AND id = v_keep.id;
        END LOOP;
    END LOOP;
END $$;

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA hub FROM PUBLIC;
GRANT EXECUTE ON FUNCTION hub.hello(text, integer, text), hub.register_device(text, text, integer),
    hub.push_changes(text, integer, jsonb), hub.pull_changes(text, integer, bigint, integer, text[])
    TO hub_staff;

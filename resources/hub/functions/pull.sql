-- Pull: what a device's user may see, by page, after their cursor.

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
        -- In sequence order from the cursor (the seq index), each record's scope looked up in the
        -- visible set (hashed): a page costs its own rows, not a join of everything after the cursor.
        SELECT r.* FROM hub.record r
         WHERE r.seq > p_cursor AND r.scope = ANY(p_vis) ORDER BY r.seq LIMIT p_limit),
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

-- Entry point: the page comes from hub._pull_page (keep that call). A scope is removed from the
-- device only when none of the device's users may see it (each user pulls from their own
-- cursor, which the client keeps).
CREATE FUNCTION hub.pull_changes(p_device text, p_protocol integer, p_cursor bigint, p_limit integer,
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
    -- Only the scopes not already held (a set difference, not one probe per visible scope per page).
    INSERT INTO hub.device_scope (device_id, scope)
    SELECT p_device, n.v FROM (SELECT unnest(v_vis) AS v
                               EXCEPT SELECT ds.scope FROM hub.device_scope ds
                                       WHERE ds.device_id = p_device AND NOT ds.removing) n
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

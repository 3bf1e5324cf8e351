-- The devices' unique keys (hub.unique_key): duplicates and what their conflicts show.

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

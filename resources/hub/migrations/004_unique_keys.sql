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
--    pull_changes must keep its call to hub._pull_page (functions/pull.sql).
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

-- ---- existing data -------------------------------------------------------------------------

-- Duplicates that reached the hub before this version: the record the hub took first stays (the
-- time its insert was applied, then the device's creation time); each other one becomes a
-- tombstone with a 'duplicate' conflict for the person who made it. The kept record is numbered
-- after the tombstones, so that a device holding a removed one deletes it first (hub._pull_page).
-- The data fix uses the access rules and conflict helper as they were at version 4: the hub's
-- current functions are applied only after every migration, so it brings its own copies.
CREATE FUNCTION pg_temp._role(p_staff text) RETURNS text LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (
    SELECT CASE WHEN EXISTS (SELECT 1 FROM hub.account a WHERE a.staff_id = p_staff AND a.is_admin)
                THEN 'admin'
                ELSE (SELECT s.fields->>'role' FROM hub.record s WHERE s.entity = 'staff' AND s.id = p_staff) END);
END $$;
CREATE FUNCTION pg_temp._team(p_staff text) RETURNS text LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (
    SELECT s.fields->>'team' FROM hub.record s WHERE s.entity = 'staff' AND s.id = p_staff);
END $$;
CREATE FUNCTION pg_temp._sees_case(p_staff text, p_case text, p_fields jsonb) RETURNS boolean LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (
    SELECT p_fields->>'manager_id' = p_staff
        OR pg_temp._role(p_staff) = 'admin'
        OR (pg_temp._role(p_staff) = 'supervisor' AND p_fields->>'team' = pg_temp._team(p_staff))
        OR EXISTS (SELECT 1 FROM hub.record sh WHERE sh.entity = 'case_share' AND NOT sh.deleted
                   AND sh.fields->>'case_id' = p_case AND sh.fields->>'staff_id' = p_staff));
END $$;
CREATE FUNCTION pg_temp.can_see(p_staff text, p_scope text) RETURNS boolean LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (
    SELECT CASE
        WHEN p_scope = 'org' THEN true
        WHEN p_scope = 'staff:' || p_staff THEN true
        WHEN p_scope LIKE 'staff:%' OR p_scope IN ('invalid', 'none') THEN false
        WHEN p_scope LIKE 'hh:%' THEN
            pg_temp._role(p_staff) = 'admin'
            OR (EXISTS (SELECT 1 FROM hub.record h WHERE h.entity = 'household' AND h.scope = p_scope
                        AND h.origin_staff = p_staff)
                AND NOT EXISTS (SELECT 1 FROM hub.record c WHERE c.entity = 'case_file'
                                AND c.fields->>'household_id' = substr(p_scope, 4)))
            OR EXISTS (SELECT 1 FROM hub.record c WHERE c.entity = 'case_file'
                       AND c.fields->>'household_id' = substr(p_scope, 4)
                       AND pg_temp._sees_case(p_staff, c.id, c.fields))
        WHEN p_scope LIKE 'mtg:%' THEN
            pg_temp._role(p_staff) = 'admin'
            OR (EXISTS (SELECT 1 FROM hub.record m WHERE m.entity = 'meeting' AND m.scope = p_scope
                        AND m.origin_staff = p_staff)
                AND NOT EXISTS (SELECT 1 FROM hub.record d WHERE d.entity = 'meeting_decision' AND NOT d.deleted
                                AND d.fields->>'meeting_id' = substr(p_scope, 5)))
            OR EXISTS (SELECT 1 FROM hub.record d JOIN hub.record c ON c.entity = 'case_file' AND c.id = d.scope
                       WHERE d.entity = 'meeting_decision' AND NOT d.deleted
                         AND d.fields->>'meeting_id' = substr(p_scope, 5)
                         AND pg_temp._sees_case(p_staff, c.id, c.fields))
        ELSE EXISTS (SELECT 1 FROM hub.record c WHERE c.entity = 'case_file' AND c.id = p_scope
                     AND pg_temp._sees_case(p_staff, c.id, c.fields))
    END);
END $$;
CREATE FUNCTION pg_temp._conflict(p_staff text, p_device text, p_op text, p_entity text, p_id text,
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
CREATE FUNCTION pg_temp._kept_value(p_staff text, o hub.record) RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF pg_temp.can_see(p_staff, o.scope) THEN
        RETURN o.fields;
    END IF;
    RETURN (SELECT jsonb_object_agg(f, o.fields->f) FROM hub.unique_key k, unnest(k.fields) f WHERE k.entity = o.entity)
           || jsonb_build_object('id', o.id);
END $$;

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
                PERFORM pg_temp._conflict(v_author, v_op.device_id, v_op.op_id, d.entity, d.id,
                                      CASE WHEN pg_temp.can_see(v_author, v_keep.scope) THEN v_keep.scope
                                           ELSE 'staff:' || v_author END,
                                      'duplicate', NULL, NULL, pg_temp._kept_value(v_author, v_keep), d.fields,
                                      0, v_keep.version);
            END LOOP;
            UPDATE hub.record SET seq = nextval('hub.change_seq') WHERE entity = k.entity AND id = v_keep.id;
        END LOOP;
    END LOOP;
END $$;

DROP FUNCTION pg_temp._kept_value(text, hub.record), pg_temp._conflict(text, text, text, text, text, text, text,
    text, jsonb, jsonb, jsonb, integer, integer), pg_temp.can_see(text, text), pg_temp._sees_case(text, text, jsonb),
    pg_temp._team(text), pg_temp._role(text);

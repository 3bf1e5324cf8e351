-- A record's place: its scope, whether a device could insert it, its form on the wire, and the
-- renumbering that sends a scope again to the devices that can now see it.

-- Which devices receive a record: its scope by its entity's rule (hub.entity), 'none' without one.
CREATE FUNCTION hub._scope(p_entity text, p_id text, p_fields jsonb) RETURNS text LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_rule text;
BEGIN
    SELECT e.scope_rule INTO v_rule FROM hub.entity e WHERE e.name = p_entity;
    RETURN coalesce(CASE v_rule
        WHEN 'org' THEN 'org'
        WHEN 'org_admin' THEN 'org'
        WHEN 'case_file' THEN p_id
        WHEN 'household' THEN 'hh:' || p_id
        WHEN 'member' THEN 'hh:' || (p_fields->>'household_id')
        WHEN 'case' THEN p_fields->>'case_id'
        WHEN 'assessment' THEN
            (SELECT r.scope FROM hub.record r WHERE r.entity = 'assessment' AND r.id = p_fields->>'assessment_id')
        WHEN 'plan' THEN
            (SELECT r.scope FROM hub.record r WHERE r.entity = 'service_plan' AND r.id = p_fields->>'plan_id')
        WHEN 'meeting' THEN 'mtg:' || p_id
        WHEN 'meeting_child' THEN 'mtg:' || (p_fields->>'meeting_id')
        END, 'none');
END $$;

-- The first field that would keep a device from inserting this record, or NULL when there is
-- none: a required parent key that is null or names no live hub record, a required field that
-- is null, or (an insert) left out without a default. p_update: look only at the fields given.
CREATE FUNCTION hub._unplaceable(p_entity text, p_fields jsonb, p_update boolean) RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
    k hub.parent_key;
    v_field text;
BEGIN
    FOR k IN SELECT * FROM hub.parent_key WHERE entity = p_entity ORDER BY field LOOP
        CONTINUE WHEN p_update AND NOT p_fields ? k.field;
        IF p_fields->>k.field IS NULL OR NOT EXISTS (
                SELECT 1 FROM hub.record p WHERE p.entity = k.parent AND p.id = p_fields->>k.field AND NOT p.deleted) THEN
            RETURN k.field;
        END IF;
    END LOOP;
    SELECT q.field INTO v_field FROM hub.required_field q
     WHERE q.entity = p_entity
       AND CASE WHEN p_fields ? q.field THEN jsonb_typeof(p_fields->q.field) = 'null'
                ELSE NOT p_update AND NOT q.with_default END
     ORDER BY q.field LIMIT 1;
    RETURN v_field;
END $$;

-- A record as a device receives it.
CREATE FUNCTION hub._wire(r hub.record) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT jsonb_build_object('e', r.entity, 'id', r.id, 'v', r.version, 'd', r.deleted, 'f', r.fields,
                              's', r.scope, 'q', r.seq)
$$;

-- Give the records of these scopes new sequence numbers, so that devices which can now see them
-- receive them through the normal cursor. Tombstones first: a device removes a record before it
-- receives another one with the same key (see hub._pull_page).
CREATE FUNCTION hub._bump(p_scopes text[]) RETURNS void LANGUAGE sql AS $$
    WITH renumbered AS MATERIALIZED (
        SELECT o.entity, o.id, nextval('hub.change_seq') AS seq
          FROM (SELECT r.entity, r.id FROM hub.record r WHERE r.scope = ANY(p_scopes)
                ORDER BY NOT r.deleted, r.seq) o)
    -- The scope condition again on the updated side: the planner then reaches those rows by the scope
    -- index, not by a scan of every record (the cost of a bump stays that of its scopes).
    UPDATE hub.record r SET seq = n.seq FROM renumbered n
     WHERE r.entity = n.entity AND r.id = n.id AND r.scope = ANY(p_scopes)
$$;

-- Scopes whose audience changes when this record changes (a case moved, a share, a meeting
-- decision, a staff member's role or team) are renumbered, tombstones first.
CREATE FUNCTION hub._audience_changed(p_entity text, p_old jsonb, p_new jsonb, p_changed jsonb) RETURNS void
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

-- Who sees what: a staff member's role and team, the scopes they receive, and write access.
-- The client's screens apply the same rules (app.services).
--
-- The helpers are PL/pgSQL rather than SQL functions: they run once per pushed operation,
-- and PL/pgSQL keeps their query plans for the session where SQL functions plan on every call.

-- Role of a staff member for access rules: an active hub administrator account counts as admin
-- even before its staff record has reached the hub (the very first push).
CREATE FUNCTION hub._role(p_staff text) RETURNS text LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (
    SELECT CASE WHEN EXISTS (SELECT 1 FROM hub.account a WHERE a.staff_id = p_staff AND a.is_admin AND a.active)
                THEN 'admin'
                ELSE (SELECT s.fields->>'role' FROM hub.record s WHERE s.entity = 'staff' AND s.id = p_staff) END);
END $$;

CREATE FUNCTION hub._team(p_staff text) RETURNS text LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (
    SELECT s.fields->>'team' FROM hub.record s WHERE s.entity = 'staff' AND s.id = p_staff);
END $$;

-- Whether a staff member sees a case: admin, the case manager, the team's supervisor and read-only
-- staff, and staff the case is shared with.
CREATE FUNCTION hub._sees_case(p_staff text, p_case text, p_fields jsonb) RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (
    SELECT p_fields->>'manager_id' = p_staff
        OR hub._role(p_staff) = 'admin'
        OR (hub._role(p_staff) IN ('supervisor', 'read_only') AND p_fields->>'team' = hub._team(p_staff))
        OR EXISTS (SELECT 1 FROM hub.record sh WHERE sh.entity = 'case_share' AND NOT sh.deleted
                   AND sh.fields->>'case_id' = p_case AND sh.fields->>'staff_id' = p_staff));
END $$;

-- Every scope a staff member's devices receive (hub.can_see answers the same for one scope).
CREATE FUNCTION hub.visible_scopes(p_staff text) RETURNS SETOF text LANGUAGE sql STABLE AS $$
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

-- Whether a staff member sees one scope (as hub.visible_scopes).
CREATE FUNCTION hub.can_see(p_staff text, p_scope text) RETURNS boolean LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (
    SELECT CASE
        WHEN p_scope = 'org' THEN true
        WHEN p_scope = 'staff:' || p_staff THEN true
        WHEN p_scope LIKE 'staff:%' OR p_scope IN ('invalid', 'none') THEN false
        WHEN p_scope LIKE 'hh:%' THEN
            hub._role(p_staff) = 'admin'
            OR (EXISTS (SELECT 1 FROM hub.record h WHERE h.entity = 'household' AND h.scope = p_scope
                        AND h.origin_staff = p_staff)
                AND NOT EXISTS (SELECT 1 FROM hub.record c WHERE c.entity = 'case_file'
                                AND c.fields->>'household_id' = substr(p_scope, 4)))
            OR EXISTS (SELECT 1 FROM hub.record c WHERE c.entity = 'case_file'
                       AND c.fields->>'household_id' = substr(p_scope, 4)
                       AND hub._sees_case(p_staff, c.id, c.fields))
        WHEN p_scope LIKE 'mtg:%' THEN
            hub._role(p_staff) = 'admin'
            OR (EXISTS (SELECT 1 FROM hub.record m WHERE m.entity = 'meeting' AND m.scope = p_scope
                        AND m.origin_staff = p_staff)
                AND NOT EXISTS (SELECT 1 FROM hub.record d WHERE d.entity = 'meeting_decision' AND NOT d.deleted
                                AND d.fields->>'meeting_id' = substr(p_scope, 5)))
            OR EXISTS (SELECT 1 FROM hub.record d JOIN hub.record c ON c.entity = 'case_file' AND c.id = d.scope
                       WHERE d.entity = 'meeting_decision' AND NOT d.deleted
                         AND d.fields->>'meeting_id' = substr(p_scope, 5)
                         AND hub._sees_case(p_staff, c.id, c.fields))
        ELSE EXISTS (SELECT 1 FROM hub.record c WHERE c.entity = 'case_file' AND c.id = p_scope
                     AND hub._sees_case(p_staff, c.id, c.fields))
    END);
END $$;

-- Write access: read-only staff write nothing; in the organisation scope only the listed
-- entities, master data by the administrator; a new case, household or meeting is allowed to
-- whoever will see it; anything else needs the scope.
CREATE FUNCTION hub._may_write(p_staff text, p_entity text, p_id text, p_scope text, p_fields jsonb)
RETURNS boolean LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (
    SELECT CASE
        WHEN hub._role(p_staff) IS NULL OR hub._role(p_staff) = 'read_only' THEN false
        WHEN NOT EXISTS (SELECT 1 FROM hub.entity e WHERE e.name = p_entity) THEN false
        WHEN p_scope = 'org' THEN EXISTS (SELECT 1 FROM hub.entity e WHERE e.name = p_entity
                                          AND (e.scope_rule = 'org'
                                               OR (e.scope_rule = 'org_admin' AND hub._role(p_staff) = 'admin')))
        WHEN p_entity = 'case_file' THEN hub._sees_case(p_staff, p_id, p_fields)
             AND (NOT EXISTS (SELECT 1 FROM hub.record c WHERE c.entity = 'case_file' AND c.id = p_id)
                  OR hub.can_see(p_staff, p_scope))
        WHEN p_entity IN ('household', 'meeting') AND NOT EXISTS (
                SELECT 1 FROM hub.record h WHERE h.entity = p_entity AND h.id = p_id) THEN true
        ELSE hub.can_see(p_staff, p_scope)
    END);
END $$;

-- The meeting scopes of the meetings that decided a case.
CREATE FUNCTION hub._case_meetings(p_case text) RETURNS text[] LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN ARRAY(SELECT DISTINCT 'mtg:' || (d.fields->>'meeting_id') FROM hub.record d
                 WHERE d.entity = 'meeting_decision' AND d.scope = p_case AND d.fields->>'meeting_id' IS NOT NULL);
END $$;

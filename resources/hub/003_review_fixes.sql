-- Hub schema, version 3: fixes from the sync review.
--
-- 1. A record must be placeable on a device. An insert (or an update of a parent key) whose
--    required parent foreign key is null or names no live record on the hub, or that lacks a
--    required field, is refused for that operation alone (status 'invalid', a conflict of kind 'invalid' for its author); the
--    rest of the batch goes on. Records that reached the hub that way before this version are
--    kept, in the scope 'invalid' that no device receives, so no pull hands out a row a device
--    cannot insert.
-- 2. Meetings get their own scope 'mtg:<meeting id>' (the meeting and its attendees). A meeting
--    reaches the devices of staff who may see a case decided in it (meeting_decision.case_id),
--    admins, and, while no case is decided in it yet, the person who recorded it. Only a fixed
--    list of entities may be written in the organisation scope; unknown entities are refused.

-- Every entity a device may push, and how its scope is found:
--   org_admin  organisation data only an administrator writes       -> 'org'
--   org        organisation data any writing staff member may add   -> 'org'
--   case_file  the case itself -> its id      case       the record's case_id
--   household  'hh:' || id                    member     'hh:' || household_id
--   assessment the scope of its assessment    plan       the scope of its service plan
--   meeting    'mtg:' || id                   meeting_child  'mtg:' || meeting_id
CREATE TABLE hub.entity (
    name       text PRIMARY KEY,
    scope_rule text NOT NULL
);
INSERT INTO hub.entity VALUES
    ('center', 'org_admin'), ('region', 'org_admin'), ('dong', 'org_admin'), ('dong_budget', 'org_admin'),
    ('staff', 'org_admin'), ('resource', 'org'),
    ('household', 'household'), ('member', 'member'), ('case_file', 'case_file'),
    ('case_share', 'case'), ('intake', 'case'), ('assessment', 'case'),
    ('assessment_domain', 'assessment'), ('screening', 'assessment'),
    ('meeting', 'meeting'), ('meeting_attendee', 'meeting_child'), ('meeting_decision', 'case'),
    ('service_plan', 'case'), ('plan_item', 'plan'), ('contact', 'case'), ('referral', 'case'),
    ('consent', 'case'), ('closure', 'case'), ('follow_up', 'case'), ('expense', 'case');

-- Required (NOT NULL) foreign keys of the device's tables: field -> the entity it names.
-- tests/sync/test_review_fixes.py checks this list against models.entities.
CREATE TABLE hub.parent_key (
    entity text NOT NULL REFERENCES hub.entity,
    field  text NOT NULL,
    parent text NOT NULL REFERENCES hub.entity,
    PRIMARY KEY (entity, field)
);
INSERT INTO hub.parent_key VALUES
    ('region', 'center_id', 'center'), ('dong', 'center_id', 'center'), ('dong_budget', 'dong_id', 'dong'),
    ('staff', 'center_id', 'center'), ('household', 'dong_id', 'dong'), ('member', 'household_id', 'household'),
    ('case_file', 'household_id', 'household'), ('case_file', 'primary_member_id', 'member'),
    ('case_file', 'manager_id', 'staff'), ('case_share', 'case_id', 'case_file'), ('case_share', 'staff_id', 'staff'),
    ('intake', 'case_id', 'case_file'), ('intake', 'staff_id', 'staff'),
    ('assessment', 'case_id', 'case_file'), ('assessment', 'staff_id', 'staff'),
    ('assessment_domain', 'assessment_id', 'assessment'), ('screening', 'assessment_id', 'assessment'),
    ('meeting', 'center_id', 'center'), ('meeting_attendee', 'meeting_id', 'meeting'),
    ('meeting_decision', 'meeting_id', 'meeting'), ('meeting_decision', 'case_id', 'case_file'),
    ('resource', 'center_id', 'center'), ('service_plan', 'case_id', 'case_file'),
    ('plan_item', 'plan_id', 'service_plan'), ('contact', 'case_id', 'case_file'), ('contact', 'staff_id', 'staff'),
    ('referral', 'case_id', 'case_file'), ('referral', 'member_id', 'member'),
    ('consent', 'case_id', 'case_file'), ('consent', 'member_id', 'member'), ('closure', 'case_id', 'case_file'),
    ('follow_up', 'case_id', 'case_file'), ('expense', 'case_id', 'case_file'),
    ('expense', 'household_id', 'household'), ('expense', 'dong_id', 'dong');

-- Required (NOT NULL) fields that are not parent keys; with_default: a device fills it when an
-- insert leaves it out (a value of null is refused either way). Also checked against the models.
CREATE TABLE hub.required_field (
    entity       text NOT NULL REFERENCES hub.entity,
    field        text NOT NULL,
    with_default boolean NOT NULL,
    PRIMARY KEY (entity, field)
);
INSERT INTO hub.required_field VALUES
    ('center', 'name', false), ('center', 'district', true), ('center', 'settings', true),
    ('center', 'created_at', true), ('center', 'updated_at', true),
    ('region', 'name', false), ('region', 'member_agencies', true), ('region', 'created_at', true),
    ('region', 'updated_at', true),
    ('dong', 'name', false), ('dong', 'created_at', true), ('dong', 'updated_at', true),
    ('dong_budget', 'year', false), ('dong_budget', 'line', false), ('dong_budget', 'amount', false),
    ('dong_budget', 'created_at', true), ('dong_budget', 'updated_at', true),
    ('staff', 'username', false), ('staff', 'display_name', false), ('staff', 'role', false),
    ('staff', 'team', true), ('staff', 'agency', true), ('staff', 'active', true),
    ('staff', 'created_at', true), ('staff', 'updated_at', true),
    ('household', 'address', true), ('household', 'phone', true), ('household', 'income_status', true),
    ('household', 'household_types', true), ('household', 'problem_types', true),
    ('household', 'created_at', true), ('household', 'updated_at', true),
    ('member', 'name', false), ('member', 'name_initials', true), ('member', 'gender', true),
    ('member', 'rrn_front', true), ('member', 'rrn_masked', true), ('member', 'relation', true),
    ('member', 'is_head', true), ('member', 'lives_together', true), ('member', 'phone', true),
    ('member', 'phone_digits', true), ('member', 'flags', true), ('member', 'created_at', true),
    ('member', 'updated_at', true),
    ('case_file', 'case_no', false), ('case_file', 'team', true), ('case_file', 'stage', true),
    ('case_file', 'lead_agency', true), ('case_file', 'opened_on', false), ('case_file', 'created_at', true),
    ('case_file', 'updated_at', true),
    ('case_share', 'created_at', true), ('case_share', 'updated_at', true),
    ('intake', 'held_on', false), ('intake', 'referral_source', false), ('intake', 'referrer_detail', true),
    ('intake', 'presenting_problems', true), ('intake', 'created_at', true), ('intake', 'updated_at', true),
    ('assessment', 'held_on', false), ('assessment', 'instrument_version', false),
    ('assessment', 'is_reassessment', true), ('assessment', 'crisis_level', true),
    ('assessment', 'suggested_case_type', true), ('assessment', 'summary', true),
    ('assessment', 'created_at', true), ('assessment', 'updated_at', true),
    ('assessment_domain', 'domain', false), ('assessment_domain', 'client_words', true),
    ('assessment_domain', 'worker_view', true), ('assessment_domain', 'urgency', true),
    ('assessment_domain', 'strengths', true), ('assessment_domain', 'created_at', true),
    ('assessment_domain', 'updated_at', true),
    ('screening', 'instrument', false), ('screening', 'score', false), ('screening', 'result', true),
    ('screening', 'created_at', true), ('screening', 'updated_at', true),
    ('meeting', 'kind', false), ('meeting', 'held_at', false), ('meeting', 'place', true),
    ('meeting', 'chair', true), ('meeting', 'in_writing', true), ('meeting', 'minutes', true),
    ('meeting', 'supervisor_advice', true), ('meeting', 'warnings', true), ('meeting', 'created_at', true),
    ('meeting', 'updated_at', true),
    ('meeting_attendee', 'name', false), ('meeting_attendee', 'agency', true),
    ('meeting_attendee', 'role', true), ('meeting_attendee', 'created_at', true),
    ('meeting_attendee', 'updated_at', true),
    ('meeting_decision', 'household_summary', true), ('meeting_decision', 'issues', true),
    ('meeting_decision', 'outcome', false), ('meeting_decision', 'direction', true),
    ('meeting_decision', 'lead_agency', true), ('meeting_decision', 'role_split', true),
    ('meeting_decision', 'topics', true), ('meeting_decision', 'created_at', true),
    ('meeting_decision', 'updated_at', true),
    ('resource', 'provider', false), ('resource', 'service', false), ('resource', 'domain', true),
    ('resource', 'formal', true), ('resource', 'phone', true), ('resource', 'created_at', true),
    ('resource', 'updated_at', true),
    ('service_plan', 'made_on', false), ('service_plan', 'goals', true),
    ('service_plan', 'created_at', true), ('service_plan', 'updated_at', true),
    ('plan_item', 'position', true), ('plan_item', 'domain', false), ('plan_item', 'need', true),
    ('plan_item', 'goal', true), ('plan_item', 'service', false), ('plan_item', 'provider', true),
    ('plan_item', 'frequency', true), ('plan_item', 'cost', true), ('plan_item', 'created_at', true),
    ('plan_item', 'updated_at', true),
    ('contact', 'occurred_at', false), ('contact', 'kind', false), ('contact', 'companions', true),
    ('contact', 'note', true), ('contact', 'is_monitoring', true), ('contact', 'warnings', true),
    ('contact', 'created_at', true), ('contact', 'updated_at', true),
    ('referral', 'program', false), ('referral', 'rules_version', false), ('referral', 'criteria', true),
    ('referral', 'status', true), ('referral', 'sent_on', false), ('referral', 'reply', true),
    ('referral', 'created_at', true), ('referral', 'updated_at', true),
    ('consent', 'kind', false), ('consent', 'agreed', false), ('consent', 'recorded_on', false),
    ('consent', 'recipients', true), ('consent', 'form_version', true),
    ('consent', 'legal_representative', true), ('consent', 'created_at', true),
    ('consent', 'updated_at', true),
    ('closure', 'reason', false), ('closure', 'reason_detail', true), ('closure', 'evaluation', false),
    ('closure', 'in_writing', true), ('closure', 'closed_on', false), ('closure', 'follow_up_plan', true),
    ('closure', 'created_at', true), ('closure', 'updated_at', true),
    ('follow_up', 'due_on', false), ('follow_up', 'service', true), ('follow_up', 'note', true),
    ('follow_up', 'created_at', true), ('follow_up', 'updated_at', true),
    ('expense', 'category', false), ('expense', 'amount', false), ('expense', 'spent_on', false),
    ('expense', 'note', true), ('expense', 'created_at', true), ('expense', 'updated_at', true);

CREATE INDEX record_decision_meeting ON hub.record ((fields->>'meeting_id')) WHERE entity = 'meeting_decision';

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

CREATE OR REPLACE FUNCTION hub._scope(p_entity text, p_id text, p_fields jsonb) RETURNS text LANGUAGE plpgsql STABLE AS $$
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

-- The meeting scopes of the meetings that decided a case.
CREATE FUNCTION hub._case_meetings(p_case text) RETURNS text[] LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN ARRAY(SELECT DISTINCT 'mtg:' || (d.fields->>'meeting_id') FROM hub.record d
                 WHERE d.entity = 'meeting_decision' AND d.scope = p_case AND d.fields->>'meeting_id' IS NOT NULL);
END $$;

CREATE OR REPLACE FUNCTION hub.visible_scopes(p_staff text) RETURNS SETOF text LANGUAGE sql STABLE AS $$
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

CREATE OR REPLACE FUNCTION hub.can_see(p_staff text, p_scope text) RETURNS boolean LANGUAGE plpgsql STABLE AS $$
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
CREATE OR REPLACE FUNCTION hub._may_write(p_staff text, p_entity text, p_id text, p_scope text, p_fields jsonb)
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

-- Scopes whose audience changes when this record changes.
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
        UPDATE hub.record SET seq = nextval('hub.change_seq') WHERE scope <> 'org';
    END IF;
END $$;

-- A refused change (kind 'invalid') can only be acknowledged: no choice writes its values, and a
-- kept device value must still name live parents.
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
    IF p_choice = 'device' AND v_kind <> 'invalid' THEN
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
            IF hub._unplaceable(v_entity, v_fields, true) IS NOT NULL THEN
                RETURN jsonb_build_object('status', 'invalid', 'touch', jsonb_build_array(v_entity, v_id));
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

-- One operation from a device's outbox, merged field by field against its base version.
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
    END IF;

    INSERT INTO hub.applied_op (op_id, device_id, entity, record_id, op, status, base_version, result_version,
                                applied_fields)
    VALUES (v_op_id, p_device, v_entity, v_id, v_kind, v_status, v_base, v_result,
            (SELECT coalesce(jsonb_agg(k), '[]') FROM jsonb_object_keys(v_applied) k));
    RETURN jsonb_build_object('op_id', v_op_id, 'status', v_status, 'version', v_result);
END $$;


-- ---- existing data -------------------------------------------------------------------------

-- Records that reached the hub with a required parent missing (clients before the outbox fix
-- sent children added through a relationship with a null parent id) can be placed on no
-- device: kept, in a scope no device receives.
UPDATE hub.record r SET scope = 'invalid', seq = nextval('hub.change_seq')
 WHERE EXISTS (SELECT 1 FROM hub.parent_key k
               WHERE k.entity = r.entity
                 AND (r.fields->>k.field IS NULL
                      OR NOT EXISTS (SELECT 1 FROM hub.record p WHERE p.entity = k.parent AND p.id = r.fields->>k.field)))
    OR EXISTS (SELECT 1 FROM hub.required_field q
               WHERE q.entity = r.entity
                 AND (jsonb_typeof(r.fields->q.field) = 'null' OR (NOT r.fields ? q.field AND NOT q.with_default)));
UPDATE hub.record r SET scope = 'invalid', seq = nextval('hub.change_seq')
 WHERE r.entity IN ('assessment_domain', 'screening', 'plan_item') AND r.scope = 'none';

-- Meetings and their attendees leave the organisation scope.
UPDATE hub.record SET scope = hub._scope(entity, id, fields), seq = nextval('hub.change_seq')
 WHERE entity IN ('meeting', 'meeting_attendee') AND scope = 'org';
UPDATE hub.record c SET scope = t.scope, seq = nextval('hub.change_seq')
  FROM hub.record t
 WHERE c.entity = 'sync_conflict' AND c.scope = 'org' AND t.entity IN ('meeting', 'meeting_attendee')
   AND t.entity = c.fields->>'entity' AND t.id = c.fields->>'record_id';
-- Until now every device received every meeting: record that each holds them, so that its next
-- pull removes the meetings its user may not see.
INSERT INTO hub.device_scope (device_id, scope)
SELECT d.device_id, m.scope FROM hub.device d, hub.record m
 WHERE m.entity = 'meeting' AND m.scope LIKE 'mtg:%' AND d.revoked_at IS NULL
ON CONFLICT (device_id, scope) DO NOTHING;

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA hub FROM PUBLIC;
GRANT EXECUTE ON FUNCTION hub.hello(text, integer, text), hub.register_device(text, text, integer),
    hub.push_changes(text, integer, jsonb), hub.pull_changes(text, integer, bigint, integer, text[])
    TO hub_staff;

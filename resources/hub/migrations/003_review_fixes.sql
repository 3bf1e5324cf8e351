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
-- tests/sync/test_refusals.py checks this list against models.entities.
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

-- Meetings and their attendees leave the organisation scope (their rules 'meeting' and
-- 'meeting_child' in hub.entity, as hub._scope applies them).
UPDATE hub.record SET scope = coalesce(CASE entity WHEN 'meeting' THEN 'mtg:' || id
                                                   ELSE 'mtg:' || (fields->>'meeting_id') END, 'none'),
                      seq = nextval('hub.change_seq')
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

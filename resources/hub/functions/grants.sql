-- Applied last. Staff logins (members of hub_staff) may execute only these SECURITY DEFINER entry
-- points; no table is granted to them. New functions are closed to PUBLIC by the schema's
-- default privileges (app.sync.hub._bootstrap); the REVOKE covers functions made before those.
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA hub FROM PUBLIC;
GRANT EXECUTE ON FUNCTION hub.hello(text, integer, text),
    hub.register_device(text, text, integer), hub.register_device(text, text, integer, text),
    hub.push_changes(text, integer, jsonb), hub.pull_changes(text, integer, bigint, integer, text[]),
    hub.field_key_slot(text, integer), hub.claim_case_code(text, integer, text)
    TO hub_staff;

-- Devices and their users: who is calling, registering, the field key copy, case-number codes.
-- Errors the client maps to messages use custom SQLSTATEs:
--   SY401 no hub account for this login   SY403 this person has not registered on the device
--   SY404 device not registered           SY410 device revoked
--   SY426 client protocol too old

-- The caller's staff id: an active account, a supported protocol, a registered, unrevoked device
-- this person has registered on.
CREATE FUNCTION hub._caller(p_device text, p_protocol integer) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    v_staff text;
    d hub.device;
BEGIN
    SELECT a.staff_id INTO v_staff FROM hub.account a WHERE a.role_name = session_user AND a.active;
    IF v_staff IS NULL THEN
        RAISE EXCEPTION 'no hub account for this login' USING ERRCODE = 'SY401';
    END IF;
    IF p_protocol < (SELECT s.value::int FROM hub.setting s WHERE s.key = 'min_protocol') THEN
        RAISE EXCEPTION 'client protocol % is too old', p_protocol USING ERRCODE = 'SY426';
    END IF;
    SELECT * INTO d FROM hub.device WHERE device_id = p_device;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'device not registered' USING ERRCODE = 'SY404';
    ELSIF d.revoked_at IS NOT NULL THEN
        RAISE EXCEPTION 'device revoked' USING ERRCODE = 'SY410';
    ELSIF NOT EXISTS (SELECT 1 FROM hub.device_user u WHERE u.device_id = p_device AND u.staff_id = v_staff) THEN
        RAISE EXCEPTION 'this person has not registered on this device' USING ERRCODE = 'SY403';
    END IF;
    RETURN v_staff;
END $$;

-- sha256 of a device's secret, hex (hub.device.secret_hash).
CREATE FUNCTION hub._secret_hash(p_secret text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT encode(sha256(convert_to(p_secret, 'UTF8')), 'hex')
$$;

-- device: unregistered | revoked | new_user (the device is known, this person has not synced it
-- yet: register_device adds them) | active. first_user: this person registered the device
-- (a device from before version 7 keeps its one sync cursor for them).
CREATE FUNCTION hub.hello(p_device text, p_protocol integer, p_client_schema text) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_staff text;
    d hub.device;
    v_state text;
BEGIN
    SELECT a.staff_id INTO v_staff FROM hub.account a WHERE a.role_name = session_user AND a.active;
    IF v_staff IS NULL THEN
        RAISE EXCEPTION 'no hub account for this login' USING ERRCODE = 'SY401';
    END IF;
    SELECT * INTO d FROM hub.device WHERE device_id = p_device;
    v_state := CASE WHEN NOT FOUND THEN 'unregistered'
                    WHEN d.revoked_at IS NOT NULL THEN 'revoked'
                    WHEN NOT EXISTS (SELECT 1 FROM hub.device_user u
                                     WHERE u.device_id = p_device AND u.staff_id = v_staff) THEN 'new_user'
                    ELSE 'active' END;
    IF v_state = 'active' THEN
        UPDATE hub.device SET last_seen = now() WHERE device_id = p_device;
    END IF;
    RETURN jsonb_build_object(
        'protocol', (SELECT value FROM hub.setting WHERE key = 'protocol'),
        'min_protocol', (SELECT value FROM hub.setting WHERE key = 'min_protocol'),
        'max_clock_skew_s', (SELECT value FROM hub.setting WHERE key = 'max_clock_skew_s'),
        'schema', (SELECT max(version) FROM hub.schema_version),
        'now', extract(epoch FROM clock_timestamp()),
        'staff_id', v_staff,
        'device', v_state,
        'first_user', coalesce(d.staff_id = v_staff, false),
        'has_secret', d.secret_hash IS NOT NULL) || coalesce(hub._generation(), '{}');   -- 009
END $$;

-- Clients before version 7: a new device, or the device's own first user; nobody joins with it.
CREATE FUNCTION hub.register_device(p_device text, p_name text, p_protocol integer) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_staff text;
BEGIN
    SELECT a.staff_id INTO v_staff FROM hub.account a WHERE a.role_name = session_user AND a.active;
    IF v_staff IS NULL THEN
        RAISE EXCEPTION 'no hub account for this login' USING ERRCODE = 'SY401';
    END IF;
    INSERT INTO hub.device (device_id, staff_id, name) VALUES (p_device, v_staff, left(p_name, 100))
    ON CONFLICT (device_id) DO NOTHING;
    -- Its first user back on it only while it has no secret (a device from before version 7):
    -- once it has one, even the first user must show it (they may no longer have the device).
    INSERT INTO hub.device_user (device_id, staff_id)
    SELECT device_id, staff_id FROM hub.device
     WHERE device_id = p_device AND staff_id = v_staff AND secret_hash IS NULL
    ON CONFLICT DO NOTHING;
    PERFORM hub._caller(p_device, p_protocol);   -- SY403 for anyone else, SY410 when revoked
    RETURN jsonb_build_object('device', 'active', 'staff_id', v_staff);
END $$;

-- Register a new device with its secret, join a device by presenting its secret, or (its first
-- user, a device from before version 7) give a known device its secret.
CREATE FUNCTION hub.register_device(p_device text, p_name text, p_protocol integer, p_secret text) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_staff text;
    d hub.device;
BEGIN
    SELECT a.staff_id INTO v_staff FROM hub.account a WHERE a.role_name = session_user AND a.active;
    IF v_staff IS NULL THEN
        RAISE EXCEPTION 'no hub account for this login' USING ERRCODE = 'SY401';
    END IF;
    IF p_secret IS NULL OR length(p_secret) < 32 THEN
        RAISE EXCEPTION 'device secret missing' USING ERRCODE = 'SY403';
    END IF;
    INSERT INTO hub.device (device_id, staff_id, name, secret_hash)
    VALUES (p_device, v_staff, left(p_name, 100), hub._secret_hash(p_secret))
    ON CONFLICT (device_id) DO NOTHING;
    SELECT * INTO d FROM hub.device WHERE device_id = p_device FOR UPDATE;
    IF d.revoked_at IS NOT NULL THEN
        RAISE EXCEPTION 'device revoked' USING ERRCODE = 'SY410';   -- a revoked device takes no new users
    END IF;
    IF d.secret_hash IS NULL AND d.staff_id = v_staff THEN
        UPDATE hub.device SET secret_hash = hub._secret_hash(p_secret) WHERE device_id = p_device;
    ELSIF d.secret_hash IS DISTINCT FROM hub._secret_hash(p_secret) THEN
        RAISE EXCEPTION 'not this device''s secret' USING ERRCODE = 'SY403';
    END IF;
    INSERT INTO hub.device_user (device_id, staff_id) VALUES (p_device, v_staff) ON CONFLICT DO NOTHING;
    PERFORM hub._caller(p_device, p_protocol);
    RETURN jsonb_build_object('device', 'active', 'staff_id', v_staff);
END $$;

-- The caller's own sealed copy, or NULL when the administrator has not handed one out yet.
CREATE FUNCTION hub.field_key_slot(p_device text, p_protocol integer) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM hub._caller(p_device, p_protocol);   -- an active account, a registered, unrevoked device
    RETURN (SELECT k.slot || jsonb_build_object('key_id', k.key_id)
              FROM hub.key_slot k WHERE k.role_name = session_user);
END $$;

-- The device's code: the one it already holds, else p_code when no other device holds it or has
-- numbered cases with it on the hub; NULL when p_code is taken (the device tries another).
CREATE FUNCTION hub.claim_case_code(p_device text, p_protocol integer, p_code text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_code text;
BEGIN
    PERFORM hub._caller(p_device, p_protocol);
    -- Devices claim one at a time, so two cannot take the same free code together.
    PERFORM pg_advisory_xact_lock(7382008);
    SELECT case_code INTO v_code FROM hub.device WHERE device_id = p_device;
    IF v_code IS NOT NULL THEN
        RETURN v_code;
    END IF;
    IF p_code IS NULL OR p_code !~ '^[A-Z]{3}$'
       OR EXISTS (SELECT 1 FROM hub.device WHERE case_code = p_code)
       OR EXISTS (SELECT 1 FROM hub.record r JOIN hub.applied_op a
                    ON a.entity = 'case_file' AND a.record_id = r.id AND a.op = 'insert' AND a.status = 'applied'
                   WHERE r.entity = 'case_file' AND split_part(r.fields->>'case_no', '-', 2) = p_code
                     AND a.device_id <> p_device) THEN
        RETURN NULL;
    END IF;
    UPDATE hub.device SET case_code = p_code WHERE device_id = p_device;
    RETURN p_code;
END $$;

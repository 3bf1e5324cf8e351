-- Hub schema, version 8: each device's 사례번호 code is its own in the center.
--
-- Case numbers are made offline, per device: "2026-KTP-0007", where KTP names the device. Until
-- now the code came from the device's random id alone, and two of a center's devices could draw
-- the same one (24^3 codes); their numbers then collided, and the hub refused the second case
-- (004) while its records stayed behind on the laptop. A device now claims its code at its first
-- sync (a new laptop: while joining, before it can open a case), and keeps the code it is given.

ALTER TABLE hub.device ADD COLUMN case_code text UNIQUE;

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

REVOKE ALL ON FUNCTION hub.claim_case_code(text, integer, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION hub.claim_case_code(text, integer, text) TO hub_staff;

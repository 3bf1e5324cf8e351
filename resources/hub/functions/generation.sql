-- The hub's generation (009): hub.hello tells devices; `hub restore` starts a new one.

-- What a device needs to notice a restore: the generation, when it was restored and from how far
-- back, and the highest change number handed out (a device's cursor beyond it: gone back in time).
CREATE FUNCTION hub._generation() RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('generation', g.token, 'generation_number', g.number,
                              'restored_at', extract(epoch FROM g.restored_at),
                              'restored_from', extract(epoch FROM g.restored_from),
                              'last_seq', (SELECT s.last_value FROM hub.change_seq s))
      FROM hub.generation g
$$;

-- Run by the administrator's restore on the restored database (never granted to staff). The
-- newest applied operation stands for the time the backup was taken.
CREATE FUNCTION hub.new_generation() RETURNS jsonb LANGUAGE sql AS $$
    UPDATE hub.generation
       SET number = number + 1, token = gen_random_uuid()::text, restored_at = now(),
           restored_from = (SELECT max(a.applied_at) FROM hub.applied_op a);
    SELECT hub._generation();
$$;

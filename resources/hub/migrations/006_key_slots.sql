-- Hub schema, version 6: the center's field key, one sealed copy per staff login.
--
-- Resident registration numbers are sealed on the device (models.store.FieldCipher) before they
-- are synced, so the hub holds them only as ciphertext. For every device of a center to open
-- them, each device needs the center's field key. The administrator's device hands it to each
-- staff login when the login is made or its password reset (app.sync.hub.create_staff_login): the
-- key sealed with AES-256-GCM under an Argon2id key from that person's hub password. The hub
-- stores the sealed copy, never the key; devices send the password only as a SCRAM proof bound
-- to the TLS channel (app.sync.hub.with_tls). The server does keep each login's SCRAM verifier
-- (PBKDF2, cheaper to attack than Argon2id): whoever holds the hub's files or backups could try
-- weak hub passwords against it, so hub passwords follow the same rule as sign-in passwords.

CREATE TABLE hub.key_slot (
    role_name  text PRIMARY KEY REFERENCES hub.account ON DELETE CASCADE,
    slot       jsonb NOT NULL,      -- salt, nonce, wrapped, Argon2id cost (t, m, p)
    key_id     text NOT NULL,       -- a public name of the key (models.store.key_id), not the key
    created_at timestamptz NOT NULL DEFAULT now()
);

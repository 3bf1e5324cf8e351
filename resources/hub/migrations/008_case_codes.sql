-- Hub schema, version 8: each device's 사례번호 code is its own in the center.
--
-- Case numbers are made offline, per device: "2026-KTP-0007", where KTP names the device. Until
-- now the code came from the device's random id alone, and two of a center's devices could draw
-- the same one (24^3 codes); their numbers then collided, and the hub refused the second case
-- (004) while its records stayed behind on the laptop. A device now claims its code at its first
-- sync (a new laptop: while joining, before it can open a case), and keeps the code it is given.

ALTER TABLE hub.device ADD COLUMN case_code text UNIQUE;

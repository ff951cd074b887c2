-- Leases on the database's clock with a fencing token: expires is the database's epoch
-- milliseconds (computed in SQL, never sent by an instance); epoch grows by one at every
-- acquisition, and a release keeps the row (expired) so epochs never repeat.
DELETE FROM eb_leases;
ALTER TABLE eb_leases ADD COLUMN epoch BIGINT DEFAULT 0 NOT NULL;

-- The schema of the stores created before migrations. IF NOT EXISTS: such a store is baselined at
-- version 0 and this creates only what it lacks (its event data column may be a CLOB; the store
-- detects that at run time).
CREATE TABLE IF NOT EXISTS eb_log_head (id INT PRIMARY KEY, last_seq BIGINT NOT NULL);
INSERT INTO eb_log_head (id, last_seq) SELECT 1, 0 WHERE NOT EXISTS (SELECT 1 FROM eb_log_head WHERE id = 1);
CREATE TABLE IF NOT EXISTS eb_events (seq BIGINT PRIMARY KEY, id VARCHAR(36) NOT NULL UNIQUE,
    namespace VARCHAR(64) NOT NULL, type VARCHAR(256) NOT NULL, topic VARCHAR(256) NOT NULL,
    reference VARCHAR(1024), cid VARCHAR(36), created BIGINT NOT NULL, data BYTEA);
CREATE TABLE IF NOT EXISTS eb_subscriptions (id VARCHAR(36) PRIMARY KEY, namespace VARCHAR(64) NOT NULL,
    name VARCHAR(64) NOT NULL, transport VARCHAR(64) NOT NULL, definition TEXT NOT NULL,
    created BIGINT NOT NULL, CONSTRAINT eb_subscriptions_name UNIQUE (namespace, name));
CREATE TABLE IF NOT EXISTS eb_offsets (subscription_id VARCHAR(36) PRIMARY KEY, seq BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS eb_dead_letters (subscription_id VARCHAR(36) NOT NULL, seq BIGINT NOT NULL,
    event_id VARCHAR(36) NOT NULL, attempts INT NOT NULL, reason VARCHAR(2048), created BIGINT NOT NULL,
    PRIMARY KEY (subscription_id, seq));
CREATE TABLE IF NOT EXISTS eb_leases (subscription_id VARCHAR(36) PRIMARY KEY, owner VARCHAR(64) NOT NULL,
    expires BIGINT NOT NULL);

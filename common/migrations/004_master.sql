-- MasterZoneServer. master_zones: the zone processes a master runs (one row per zone id), so a
-- restarted master can find them again; started_at in ms since the epoch.
CREATE TABLE master_zones (
    zone_id VARCHAR(200) NOT NULL PRIMARY KEY,
    url VARCHAR(255) NOT NULL,
    pid {{BIGINT}} NOT NULL,
    started_at {{BIGINT}} NOT NULL
);
-- Global chat: every message with its sender character, the sender's account and the time.
CREATE TABLE global_chat (
    id {{ID}},
    sender VARCHAR(32) NOT NULL,
    user_id {{BIGINT}} NOT NULL,
    body {{TEXT}} NOT NULL,
    sent_at {{BIGINT}} NOT NULL
);
CREATE INDEX global_chat_sent ON global_chat (sent_at);

-- Characters (owned by the CharServer). Names are unique across the cluster regardless of case.
-- stats and inventory are JSON objects kept as text: they are read and written whole.
CREATE TABLE characters (
    id {{ID}},
    name VARCHAR(32) NOT NULL,
    name_key VARCHAR(32) NOT NULL UNIQUE,
    owner_id {{BIGINT}} NOT NULL REFERENCES accounts(id),
    zone VARCHAR(200) NOT NULL,
    loc_x {{DOUBLE}} NOT NULL,
    loc_y {{DOUBLE}} NOT NULL,
    loc_z {{DOUBLE}} NOT NULL,
    stats {{TEXT}} NOT NULL,
    inventory {{TEXT}} NOT NULL,
    online {{BOOL}} NOT NULL,
    created_at {{BIGINT}} NOT NULL,
    last_seen {{BIGINT}}
);
CREATE INDEX characters_owner ON characters (owner_id);

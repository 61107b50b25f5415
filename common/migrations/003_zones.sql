-- Zone instances (owned by each ZoneServer for its own zone id). A row exists once the zone's
-- definition has been copied into zone_objects: the definition is read only the first time a
-- zone id is created, and the database holds the zone's state from then on.
CREATE TABLE zone_instances (
    zone_id VARCHAR(200) NOT NULL PRIMARY KEY,
    zone_name VARCHAR(64) NOT NULL,
    created_at {{BIGINT}} NOT NULL,
    checkpoint_at {{BIGINT}}
);
-- The objects of a zone, keyed by zone id and the object's id within the zone. states and
-- scripts are JSON arrays of strings kept as text: they are read and written whole.
CREATE TABLE zone_objects (
    zone_id VARCHAR(200) NOT NULL,
    object_id {{BIGINT}} NOT NULL,
    name VARCHAR(255) NOT NULL,
    resource VARCHAR(255) NOT NULL,
    owner VARCHAR(64) NOT NULL,
    loc_x {{DOUBLE}} NOT NULL,
    loc_y {{DOUBLE}} NOT NULL,
    loc_z {{DOUBLE}} NOT NULL,
    rot_x {{DOUBLE}} NOT NULL,
    rot_y {{DOUBLE}} NOT NULL,
    rot_z {{DOUBLE}} NOT NULL,
    scale_x {{DOUBLE}} NOT NULL,
    scale_y {{DOUBLE}} NOT NULL,
    scale_z {{DOUBLE}} NOT NULL,
    speed {{DOUBLE}} NOT NULL,
    vel_x {{DOUBLE}} NOT NULL,
    vel_y {{DOUBLE}} NOT NULL,
    vel_z {{DOUBLE}} NOT NULL,
    states {{TEXT}} NOT NULL,
    scripts {{TEXT}} NOT NULL,
    physical {{BOOL}} NOT NULL,
    last_modified {{BIGINT}} NOT NULL,
    PRIMARY KEY (zone_id, object_id)
);
-- Chat heard in a zone (scope 'zone') and private tells delivered there (scope 'tell', with the
-- recipient). sent is when the zone accepted the line; a line is written before it is acknowledged.
CREATE TABLE zone_messages (
    id {{ID}},
    zone_id VARCHAR(200) NOT NULL,
    scope VARCHAR(16) NOT NULL,
    sender VARCHAR(64) NOT NULL,
    recipient VARCHAR(64),
    body {{TEXT}} NOT NULL,
    loc_x {{DOUBLE}} NOT NULL,
    loc_y {{DOUBLE}} NOT NULL,
    loc_z {{DOUBLE}} NOT NULL,
    player_generated {{BOOL}} NOT NULL,
    sent {{BIGINT}} NOT NULL
);
CREATE INDEX zone_messages_zone_sent ON zone_messages (zone_id, sent);

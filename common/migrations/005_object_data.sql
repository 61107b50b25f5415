-- Per-object persistent script data (ZoneObject::data): a JSON object kept as text, written with
-- the object at every checkpoint. NULL (rows from before this migration) reads as {}.
ALTER TABLE zone_objects ADD COLUMN data {{TEXT}};

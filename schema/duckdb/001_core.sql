-- DroneGrid GCS embedded store: the logical tables of DESIGN.md in one DuckDB file.
-- Times are TIMESTAMP (UTC, microseconds); ids are UUID. Applied once, recorded in schema_migrations.

CREATE TABLE convoys (
  convoy_id           UUID PRIMARY KEY,
  callsign            VARCHAR NOT NULL,
  mission_type        VARCHAR NOT NULL,
  status              VARCHAR NOT NULL CHECK (status IN ('PLANNED', 'ACTIVE', 'COMPLETE')),
  aor_name            VARCHAR NOT NULL,
  aor_min_lat         DOUBLE NOT NULL,
  aor_max_lat         DOUBLE NOT NULL,
  aor_min_lon         DOUBLE NOT NULL,
  aor_max_lon         DOUBLE NOT NULL,
  rules_of_engagement VARCHAR NOT NULL,
  commanding_unit     VARCHAR NOT NULL,
  mission_start       TIMESTAMP NOT NULL
);

-- Ordinal keeps the roster in the order the convoy was planned.
CREATE TABLE drones (
  drone_id      UUID PRIMARY KEY,
  convoy_id     UUID NOT NULL,
  ordinal       INTEGER NOT NULL,
  callsign      VARCHAR NOT NULL,
  platform_type VARCHAR NOT NULL
);

CREATE TABLE waypoints (
  drone_id   UUID NOT NULL,
  seq        SMALLINT NOT NULL,
  lat        DOUBLE NOT NULL,
  lon        DOUBLE NOT NULL,
  altitude_m DOUBLE NOT NULL,
  eta        TIMESTAMP,
  arrived_at TIMESTAMP,
  PRIMARY KEY (drone_id, seq)
);

-- Append-only time series, written in batches through the Appender. No primary key: an index
-- would cost more than the table on every append, and reads go by (drone_id, recorded_at) ranges
-- that DuckDB's zone maps already prune because rows arrive in time order.
CREATE TABLE telemetry (
  drone_id            UUID NOT NULL,
  recorded_at         TIMESTAMP NOT NULL,
  lat                 DOUBLE NOT NULL,
  lon                 DOUBLE NOT NULL,
  altitude_m          FLOAT NOT NULL,
  heading_deg         FLOAT NOT NULL,
  speed_mps           FLOAT NOT NULL,
  fuel_pct            FLOAT NOT NULL,
  current_waypoint    SMALLINT NOT NULL,
  distance_to_next_km FLOAT NOT NULL,
  mesh_connectivity   FLOAT NOT NULL,
  status              VARCHAR NOT NULL
);

-- The newest telemetry row of each drone, so a restart does not scan the time series.
CREATE TABLE drone_latest (
  drone_id            UUID PRIMARY KEY,
  recorded_at         TIMESTAMP NOT NULL,
  lat                 DOUBLE NOT NULL,
  lon                 DOUBLE NOT NULL,
  altitude_m          FLOAT NOT NULL,
  heading_deg         FLOAT NOT NULL,
  speed_mps           FLOAT NOT NULL,
  fuel_pct            FLOAT NOT NULL,
  current_waypoint    SMALLINT NOT NULL,
  distance_to_next_km FLOAT NOT NULL,
  mesh_connectivity   FLOAT NOT NULL,
  status              VARCHAR NOT NULL
);

CREATE TABLE engagements (
  engagement_id     UUID PRIMARY KEY,
  convoy_id         UUID NOT NULL,
  drone_id          UUID NOT NULL,
  -- The drone's engagement count after this one: orders a drone's engagements even when several
  -- share a timestamp, so replaying them rebuilds exactly the streaks that were recorded.
  drone_seq         INTEGER NOT NULL,
  recorded_at       TIMESTAMP NOT NULL,
  hit               BOOLEAN NOT NULL,
  weapon_type       VARCHAR NOT NULL,
  target_id         VARCHAR,
  target_lat        DOUBLE,
  target_lon        DOUBLE,
  damage_assessment VARCHAR
);

-- Running accuracy record per drone, updated in the same transaction as its engagement row.
CREATE TABLE engagement_stats (
  drone_id           UUID PRIMARY KEY,
  convoy_id          UUID NOT NULL,
  total_engagements  INTEGER NOT NULL,
  successful_hits    INTEGER NOT NULL,
  current_streak     INTEGER NOT NULL,
  best_streak        INTEGER NOT NULL,
  last_engagement_at TIMESTAMP,
  last_result        VARCHAR
);

CREATE TABLE simulator_checkpoint (
  id                         INTEGER PRIMARY KEY CHECK (id = 1),
  seed                       INTEGER NOT NULL,
  convoys                    INTEGER NOT NULL,
  drones_per_convoy          INTEGER NOT NULL,
  time_scale                 DOUBLE NOT NULL,
  engagements_per_drone_hour DOUBLE NOT NULL,
  start_time                 TIMESTAMP NOT NULL,
  sim_time                   TIMESTAMP NOT NULL,
  running                    BOOLEAN NOT NULL
);

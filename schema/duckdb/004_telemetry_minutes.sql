-- Retention (seeds/database-architecture-delivery-fleet.md): raw telemetry is kept at full rate
-- for the hot window (48 h by default, GCS_TELEMETRY_HOT_HOURS); every complete minute of it is
-- first rolled up here, one row per drone and minute, and kept indefinitely (~2,000 drones make
-- 2.9 M rows a day at ~80 B: ~230 MB a day of flying, against ~15 GB of raw rows).

CREATE TABLE telemetry_minutes (
  drone_id         UUID NOT NULL,
  minute           TIMESTAMP NOT NULL,
  samples          INTEGER NOT NULL,
  avg_lat          DOUBLE NOT NULL,
  avg_lon          DOUBLE NOT NULL,
  avg_altitude_m   FLOAT NOT NULL,
  min_fuel_pct     FLOAT NOT NULL,
  max_fuel_pct     FLOAT NOT NULL,
  -- Drops between consecutive reports (a refuel is not burnt fuel).
  fuel_burned_pct  FLOAT NOT NULL,
  -- Flown within the minute, the leg from the previous minute's last report included; legs
  -- across a gap of more than 60 s are not counted.
  distance_km      DOUBLE NOT NULL,
  airborne_samples INTEGER NOT NULL,
  engagements      INTEGER NOT NULL,
  hits             INTEGER NOT NULL,
  PRIMARY KEY (drone_id, minute)
);

-- How far the roll-up has gone: every minute before this instant is in telemetry_minutes.
CREATE TABLE telemetry_rollup (
  id           INTEGER PRIMARY KEY CHECK (id = 1),
  rolled_up_to TIMESTAMP NOT NULL
);

-- Alerts raised by the main process's rules, kept so that recent alerts survive a restart.
-- Rows are updated in place as an alert is cleared or acknowledged.
CREATE TABLE alerts (
  alert_id        UUID PRIMARY KEY,
  kind            VARCHAR NOT NULL CHECK (kind IN ('LOW_FUEL', 'LINK_DEGRADED', 'LINK_LOST', 'PROXIMITY', 'GEOFENCE')),
  severity        VARCHAR NOT NULL CHECK (severity IN ('INFO', 'WARNING', 'CRITICAL')),
  drone_ids       UUID[] NOT NULL,
  convoy_id       UUID,
  message         VARCHAR NOT NULL,
  raised_at       TIMESTAMP NOT NULL,
  cleared_at      TIMESTAMP,
  acknowledged_at TIMESTAMP
);

-- Operator settings that belong with the data folder (e.g. the offline tile file last opened).
CREATE TABLE settings (
  key        VARCHAR PRIMARY KEY,
  value      VARCHAR NOT NULL,
  updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

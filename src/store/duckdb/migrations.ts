/**
 * Versioned schema of the embedded store, applied in order on open. A migration, once released, is
 * never edited: change the schema by appending one. Every entity table carries the canonical fields
 * (see domain/entities.ts; a test keeps the two in step) plus bookkeeping columns:
 * `_version` (what "newer" means for the entity), `_hash` (content, to tell a changed copy from an
 * identical one), `_import_id` and `_ingested_at` (which collection run wrote the current state).
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

const BOOKKEEPING = `
  _version BIGINT NOT NULL,
  _hash UBIGINT NOT NULL,
  _import_id VARCHAR NOT NULL,
  _ingested_at TIMESTAMP NOT NULL`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'entities and import log',
    sql: `
CREATE TABLE users (
  user_id VARCHAR NOT NULL,
  registered_at TIMESTAMP,
  activated_at TIMESTAMP,
  last_login_at TIMESTAMP,
  age INTEGER,
  gender VARCHAR,
  marital_status VARCHAR,
  occupation VARCHAR,
  city VARCHAR,
  province VARCHAR,
  industry VARCHAR,
  phone VARCHAR,
  updated_at TIMESTAMP,${BOOKKEEPING}
);
CREATE TABLE orders (
  order_id VARCHAR NOT NULL,
  user_id VARCHAR NOT NULL,
  created_at TIMESTAMP NOT NULL,
  paid_at TIMESTAMP,
  product_id VARCHAR,
  quantity INTEGER,
  amount DECIMAL(18, 2) NOT NULL,
  shipping_address VARCHAR,
  order_type VARCHAR,
  channel VARCHAR,
  status VARCHAR NOT NULL,
  cancelled BOOLEAN,
  note VARCHAR,
  venue_id VARCHAR,
  updated_at TIMESTAMP,${BOOKKEEPING}
);
CREATE TABLE events (
  event_id VARCHAR NOT NULL,
  user_id VARCHAR,
  session_id VARCHAR,
  event_type VARCHAR NOT NULL,
  occurred_at TIMESTAMP NOT NULL,
  product_id VARCHAR,
  venue_id VARCHAR,
  query VARCHAR,
  channel VARCHAR,
  province VARCHAR,
  city VARCHAR,${BOOKKEEPING}
);
CREATE TABLE logs (
  log_id VARCHAR NOT NULL,
  log_type VARCHAR NOT NULL,
  level VARCHAR NOT NULL,
  message VARCHAR,
  logged_at TIMESTAMP NOT NULL,
  source VARCHAR,${BOOKKEEPING}
);
CREATE TABLE catalog (
  product_id VARCHAR NOT NULL,
  name VARCHAR,
  category VARCHAR,
  venue_id VARCHAR,
  venue_name VARCHAR,
  venue_type VARCHAR,
  province VARCHAR,
  city VARCHAR,
  district VARCHAR,
  capacity_per_day INTEGER,
  capacity_per_hour INTEGER,
  latitude DOUBLE,
  longitude DOUBLE,
  updated_at TIMESTAMP,${BOOKKEEPING}
);
CREATE TABLE weather (
  date DATE NOT NULL,
  hour INTEGER,
  province VARCHAR NOT NULL,
  city VARCHAR,
  temp_max DOUBLE,
  temp_min DOUBLE,
  precipitation_mm DOUBLE,
  condition VARCHAR,${BOOKKEEPING}
);
CREATE TABLE imports (
  id VARCHAR NOT NULL PRIMARY KEY,
  kind VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  files VARCHAR[] NOT NULL,
  started_at TIMESTAMP NOT NULL,
  finished_at TIMESTAMP NOT NULL,
  status VARCHAR NOT NULL,
  read BIGINT NOT NULL,
  inserted BIGINT NOT NULL,
  updated BIGINT NOT NULL,
  unchanged BIGINT NOT NULL,
  rejected BIGINT NOT NULL,
  rejects_file VARCHAR,
  error VARCHAR
);
`,
  },
  {
    version: 2,
    name: 'venues view over the catalog',
    // The catalog lists products; a venue's attributes repeat on each of its products. The view gives
    // one row per venue for region and capacity lookups (max() picks one spelling deterministically).
    sql: `
CREATE VIEW venues AS
SELECT venue_id, max(venue_name) AS venue_name, max(venue_type) AS venue_type, max(province) AS province, max(city) AS city,
  max(district) AS district, max(capacity_per_day) AS capacity_per_day, max(capacity_per_hour) AS capacity_per_hour,
  avg(latitude) AS latitude, avg(longitude) AS longitude
FROM catalog WHERE venue_id IS NOT NULL GROUP BY venue_id;
`,
  },
  {
    version: 3,
    name: 'api keys',
    // Only a hash of each secret is stored; the key itself is shown once when created.
    sql: `
CREATE TABLE api_keys (
  id VARCHAR NOT NULL PRIMARY KEY,
  name VARCHAR NOT NULL,
  scope VARCHAR NOT NULL,
  secret_hash VARCHAR NOT NULL,
  created_at TIMESTAMP NOT NULL,
  last_used_at TIMESTAMP,
  revoked_at TIMESTAMP
);
`,
  },
  {
    version: 4,
    name: 'stored forecasts',
    // Forecasts are computed after imports and on a schedule, and served from here.
    sql: `
CREATE TABLE forecasts (
  key VARCHAR NOT NULL PRIMARY KEY,
  computed_at TIMESTAMP NOT NULL,
  history_end DATE NOT NULL,
  body VARCHAR NOT NULL
);
`,
  },
  {
    version: 5,
    name: 'user profiles and segments',
    // Derived from the entities by `flowsight profiles compute` (see analysis/profiles/profile-rules.ts).
    sql: `
CREATE TABLE profiles (
  user_id VARCHAR NOT NULL,
  as_of DATE NOT NULL,
  frequency INTEGER NOT NULL,
  monetary DOUBLE NOT NULL,
  purchase_days INTEGER NOT NULL,
  first_purchase DATE,
  last_purchase DATE,
  recency_days INTEGER,
  orders_per_month DOUBLE,
  avg_basket DOUBLE,
  preferred_channel VARCHAR,
  preferred_order_type VARCHAR,
  top_categories VARCHAR[],
  top_venues VARCHAR[],
  viewed_categories VARCHAR[],
  searched_terms VARCHAR[],
  activities INTEGER NOT NULL,
  first_active DATE,
  last_active DATE,
  weekend_share DOUBLE,
  evening_share DOUBLE,
  active_hours INTEGER[],
  active_weekdays INTEGER[],
  lifecycle VARCHAR NOT NULL,
  registered_at TIMESTAMP,
  age INTEGER,
  age_band VARCHAR,
  gender VARCHAR,
  marital_status VARCHAR,
  occupation VARCHAR,
  city VARCHAR,
  province VARCHAR,
  industry VARCHAR,
  r_score INTEGER,
  f_score INTEGER,
  m_score INTEGER,
  rfm_segment VARCHAR,
  spending_tier INTEGER,
  spending_tier_province INTEGER,
  p_alive DOUBLE,
  expected_purchases_30d DOUBLE,
  expected_purchases_90d DOUBLE,
  expected_spend_90d DOUBLE,
  churn_risk VARCHAR,
  persona INTEGER
);
CREATE TABLE profile_stages (
  user_id VARCHAR NOT NULL,
  stage VARCHAR NOT NULL,
  since DATE NOT NULL,
  PRIMARY KEY (user_id, since)
);
CREATE TABLE profile_cut_points (measure VARCHAR NOT NULL, score INTEGER NOT NULL, upper DOUBLE NOT NULL);
CREATE TABLE profile_runs (
  id VARCHAR NOT NULL PRIMARY KEY,
  kind VARCHAR NOT NULL,
  as_of DATE NOT NULL,
  started_at TIMESTAMP NOT NULL,
  finished_at TIMESTAMP NOT NULL,
  users INTEGER NOT NULL,
  model VARCHAR NOT NULL
);
CREATE TABLE segments (
  id VARCHAR NOT NULL PRIMARY KEY,
  name VARCHAR NOT NULL,
  description VARCHAR,
  rules VARCHAR NOT NULL,
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL
);
`,
  },
  {
    version: 6,
    name: 'stage history without a primary key',
    // The key made DuckDB keep an index of a row per user and stage change, which every profile run
    // that added stages rewrote at its checkpoint (about 1.7 s of an incremental run at a million
    // users). The profile write keeps (user_id, since) unique itself (see profile-sql.ts).
    sql: `
CREATE TABLE profile_stages_v6 (
  user_id VARCHAR NOT NULL,
  stage VARCHAR NOT NULL,
  since DATE NOT NULL
);
INSERT INTO profile_stages_v6 SELECT user_id, stage, since FROM profile_stages;
DROP TABLE profile_stages;
ALTER TABLE profile_stages_v6 RENAME TO profile_stages;
`,
  },
];

/**
 * The columns the demo generator writes for each entity, in file order: canonical field names from
 * domain/entities.ts with the value shape the encoders need. `text` columns may hold commas, quotes
 * or line breaks and are the only ones quoted or JSON-escaped; every other kind is written plain.
 */
import type { EntityKind } from '../domain/entities.ts';

export type ColumnKind = 'id' | 'text' | 'enum' | 'int' | 'dec' | 'bool' | 'ts' | 'date';

export interface DemoColumn {
  readonly name: string;
  readonly kind: ColumnKind;
}

const cols = (spec: string): readonly DemoColumn[] =>
  spec
    .split(/\s+/)
    .filter(Boolean)
    .map((item) => {
      const [name, kind] = item.split(':') as [string, ColumnKind];
      return { name, kind };
    });

export const DEMO_COLUMNS: Readonly<Record<EntityKind, readonly DemoColumn[]>> = {
  users: cols(`user_id:id registered_at:ts activated_at:ts last_login_at:ts age:int gender:enum
    marital_status:enum occupation:text city:text province:text industry:text phone:id updated_at:ts`),
  orders: cols(`order_id:id user_id:id created_at:ts paid_at:ts product_id:id venue_id:id quantity:int
    amount:dec shipping_address:text order_type:enum channel:enum status:enum cancelled:bool note:text
    updated_at:ts`),
  events: cols(`event_id:id user_id:id session_id:id event_type:enum occurred_at:ts product_id:id
    venue_id:id query:text channel:enum province:text city:text`),
  logs: cols('log_id:id log_type:enum level:enum message:text logged_at:ts source:enum'),
  catalog: cols(`product_id:id name:text category:text venue_id:id venue_name:text venue_type:enum
    province:text city:text district:text capacity_per_day:int capacity_per_hour:int latitude:dec
    longitude:dec`),
  weather: cols('date:date province:text city:text temp_max:dec temp_min:dec precipitation_mm:dec condition:enum'),
};

/** DuckDB column types for reading the CSV back (parquet conversion). */
export const DUCKDB_TYPE_OF: Readonly<Record<ColumnKind, string>> = {
  id: 'VARCHAR',
  text: 'VARCHAR',
  enum: 'VARCHAR',
  int: 'BIGINT',
  dec: 'DOUBLE',
  bool: 'BOOLEAN',
  ts: 'TIMESTAMP',
  date: 'DATE',
};

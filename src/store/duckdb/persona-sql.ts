/**
 * Personas in SQL: reading a sample of buyers to cluster, and assigning every buyer to the nearest
 * persona of a PersonaModel (analysis/profiles/cluster-personas.ts) where the profiles are stored, so
 * a million buyers never have to be read into JavaScript. The distance is the model's: squared
 * Euclidean over the standardised numeric fields and the categorical indicators, in the same
 * expanded form the clustering uses (a row's level is all it needs of a field's indicators).
 */
import type { PersonaModel } from '../../analysis/profiles/cluster-personas.ts';
import { PROFILE_COLUMNS } from './profile-sql.ts';
import { sqlString } from './merge-sql.ts';

const PROFILE_COLUMN_SET = new Set(PROFILE_COLUMNS.split(',').map((column) => column.trim()));

/** A stored profile column, quoted; anything else is a bug in the caller. */
export function profileColumn(name: string): string {
  if (!PROFILE_COLUMN_SET.has(name)) throw new RangeError(`not a profile column: ${name}`);
  return `"${name}"`;
}

function literal(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`persona model holds a non-finite number: ${value}`);
  return `(${value})::DOUBLE`;
}

/** Buyers' profile rows, a pseudo-random sample (the smallest hashes of the user ids: the same rows for the same data). */
export function personaSampleSql(columns: readonly string[], limit: number): string {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`sample limit must be a whole number ≥ 1, got ${limit}`);
  return `SELECT ${columns.map(profileColumn).join(', ')} FROM profiles WHERE frequency > 0 ORDER BY hash(user_id), user_id LIMIT ${limit}`;
}

/**
 * The persona id (0-based) of a profile row as an SQL expression; `columnOf` maps a model field to
 * its profile column. On equal distances the lower id wins, as in the clustering.
 */
export function personaAssignmentExpression(model: PersonaModel, columnOf: (field: string) => string): string {
  if (model.centroids.length === 0) throw new RangeError('persona model has no centroids');
  const numeric = model.numeric.map((feature) => {
    if (feature.scale === 0) return '0';
    const column = profileColumn(columnOf(feature.field));
    const value = feature.log1p ? `sign(${column}) * ln(1 + abs(${column}))` : column;
    return `coalesce((${value} - ${literal(feature.mean)}) * ${literal(feature.scale)}, 0)`;
  });
  const distances = model.centroids.map((centroid) => {
    let offset = model.numeric.length;
    const terms = numeric.map((z, a) => `power(${z} - ${literal(centroid[a] ?? 0)}, 2)`);
    let norm = 0;
    for (const field of model.categorical) {
      const at = offset;
      offset += field.levels.length;
      const cell = (l: number) => centroid[at + l] ?? 0;
      for (let l = 0; l < field.levels.length; l++) norm += cell(l) * cell(l);
      // A row at level l adds w·(w − 2·c_l) to the centroid's indicator norm; a missing or unknown level adds nothing.
      const part = (l: number) => literal(field.weight * (field.weight - 2 * cell(l)));
      const column = profileColumn(columnOf(field.field));
      const listed = field.pooled ? field.levels.length - 1 : field.levels.length;
      const branches = field.levels.slice(0, listed).map((level, l) => `WHEN ${sqlString(level)} THEN ${part(l)}`);
      const otherwise = field.pooled ? part(field.levels.length - 1) : '0';
      terms.push(
        `CASE WHEN ${column} IS NULL OR ${column} = '' THEN 0 ELSE CASE ${column} ${branches.join(' ')} ELSE ${otherwise} END END`,
      );
    }
    // The expanded form can dip a rounding error below zero, as in the clustering.
    return `greatest(${literal(norm)} + ${terms.join(' + ')}, 0)`;
  });
  const list = `[${distances.join(', ')}]`;
  return `(list_position(${list}, list_min(${list})) - 1)`;
}

/**
 * A stored profile's persona under `model`: the nearest persona for a buyer, none for anyone else;
 * `columns` maps each model field to its profile column.
 */
export function buyerPersonaSql(model: PersonaModel, columns: Readonly<Record<string, string>>): string {
  const persona = personaAssignmentExpression(model, (field) => {
    const column = columns[field];
    if (column === undefined) throw new RangeError(`no profile column given for persona field ${field}`);
    return column;
  });
  return `CASE WHEN frequency > 0 THEN ${persona} END`;
}

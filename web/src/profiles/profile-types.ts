/** The shapes of the profile API's answers (src/query/profiles.ts and src/query/profile-*.ts). */

export type FieldKind = 'number' | 'category' | 'list' | 'date';
export type RuleOp = 'eq' | 'in' | 'not_in' | 'gte' | 'lte' | 'gt' | 'lt' | 'between';

export interface Bilingual {
  readonly zh: string;
  readonly en: string;
}

export interface CatalogValue extends Bilingual {
  readonly value: string;
}

/** GET /profile-insights/fields */
export interface CatalogField extends Bilingual {
  readonly name: string;
  readonly kind: FieldKind;
  readonly numericElements: boolean;
  readonly operators: readonly RuleOp[];
  readonly values?: readonly CatalogValue[];
}

export interface SegmentRule {
  readonly field: string;
  readonly op: RuleOp;
  readonly values: readonly (string | number)[];
}

/** GET /profile-insights/distribution (and /profiles/distribution without `discrete`). */
export interface Distribution {
  readonly field: string;
  readonly kind: FieldKind;
  readonly users: number;
  readonly missing: number;
  readonly discrete?: boolean;
  readonly buckets: readonly {
    readonly value: string;
    readonly from?: number;
    readonly to?: number;
    readonly users: number;
    readonly share: number;
  }[];
}

/** GET /profile-insights/summary */
export interface ProfileSummary {
  readonly computed: boolean;
  readonly asOf: string | null;
  readonly lastRun: { readonly kind: 'full' | 'incremental'; readonly finishedAt: string; readonly asOf: string } | null;
  readonly users: number;
  readonly buyers: number;
  readonly stages: Readonly<Record<string, number>>;
  readonly active: number;
  readonly churnRisk: { readonly low: number; readonly medium: number; readonly high: number };
  readonly averages: {
    readonly pAlive: number | null;
    readonly expectedPurchases30d: number | null;
    readonly expectedPurchases90d: number | null;
    readonly expectedSpend90d: number | null;
    readonly monetary: number | null;
  };
  readonly totals: { readonly expectedPurchases90d: number; readonly expectedSpend90d: number; readonly monetary: number };
}

export interface LifecycleTransition {
  readonly from: string;
  readonly to: string;
  readonly users: number;
}

export interface LifecycleStep {
  readonly start: string;
  readonly end: string;
  readonly transitions: readonly LifecycleTransition[];
}

/** GET /profile-insights/lifecycle-flow */
export interface LifecycleFlow {
  readonly grain: 'week' | 'month';
  readonly asOf: string;
  readonly from: string;
  readonly to: string;
  readonly stages: readonly string[];
  readonly snapshots: readonly { readonly day: string; readonly stages: Readonly<Record<string, number>>; readonly users: number }[];
  readonly steps: readonly LifecycleStep[];
  readonly period: LifecycleStep;
}

/** The source stage of users who had no stage yet (see ENTERED in src/query/profile-lifecycle-flow.ts). */
export const ENTERED = 'entered';

export interface PersonaTrait {
  readonly field: string;
  readonly kind: 'numeric' | 'category';
  readonly direction: 'high' | 'low';
  readonly level: string | null;
  readonly effect: number;
  readonly value: number;
  readonly overall: number;
  readonly word: Bilingual;
}

export interface Persona extends Bilingual {
  readonly id: number;
  readonly description: Bilingual;
  readonly traits: readonly PersonaTrait[];
  readonly size: number;
  readonly share: number;
  readonly means: Readonly<Record<string, number | null>>;
}

/** GET /personas → `{ personas: Personas | null }` */
export interface Personas {
  readonly asOf: string;
  readonly k: number;
  readonly fittedOn: number;
  readonly personas: readonly Persona[];
  readonly silhouette: readonly { readonly k: number; readonly silhouette: number }[];
  readonly notes: readonly string[];
}

export interface Segment {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  readonly rules: readonly SegmentRule[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type ProfileCell = string | number | boolean | null | readonly (string | number)[];

/** POST /segments/preview */
export interface SegmentPreview {
  readonly users: number;
  readonly sample: readonly Readonly<Record<string, ProfileCell>>[];
}

/** GET /profiles/:userId */
export interface UserProfile {
  readonly profile: Readonly<Record<string, ProfileCell>>;
  readonly stages: readonly { readonly stage: string; readonly since: string }[];
}

/** GET /profile-insights/users/:userId/stages */
export interface UserStageHistory {
  readonly userId: string;
  readonly grain: 'week' | 'month';
  readonly from: string;
  readonly to: string;
  readonly changes: readonly { readonly stage: string | null; readonly since: string }[];
}

// The entities, straight from schema/entities.json (the one source of truth,
// shared with the Go server). Forms, enums, ranges and validation read it.
import raw from '../../schema/entities.json';
import type { EntityName } from './gen/entities';

export type { EntityName, EntityTypes } from './gen/entities';

export type FieldType = 'text' | 'integer' | 'decimal' | 'bool' | 'date' | 'code' | 'list' | 'ref' | 'phone';

export interface FieldDef {
  name: string;
  type: FieldType;
  required: boolean;
  max_len?: number;
  min?: number;
  max?: number | 'current_year';
  values?: string[];
  min_items?: number;
  ref?: string;
  fixed?: boolean;
}

export interface RuleDef {
  kind: 'compare' | 'derived_id' | 'club_in_commune' | 'village_in_commune' | 'required_when' | 'any_positive' | 'exactly_one' | 'target_value';
  field?: string;
  op?: '>' | '>=' | '<' | '<=';
  other?: string;
  namespace?: string;
  from?: string[];
  when?: { field: string; in: string[] };
  fields?: string[];
}

export interface EntityDef {
  name: EntityName;
  merge: 'lww' | 'ledger';
  scope: 'commune_self' | 'commune' | 'club_self' | 'club' | 'commune_club';
  label: { vi: string; en: string };
  access: Partial<Record<'club_board' | 'health_worker' | 'commune_officer', string>>;
  fields: FieldDef[];
  rules: RuleDef[];
  visible?: Partial<Record<string, string[]>>;
}

export interface Schema {
  schema_version: number;
  codes: Record<string, string[]>;
  entities: EntityDef[];
}

export const schema = raw as unknown as Schema;
// The upgrade test's "next release" build (vite.config.ts) is one schema
// version ahead; a normal build is entities.json's.
export const SCHEMA_VERSION: number = schema.schema_version + (__NEXT_RELEASE__ ? 1 : 0);

const byName = new Map<string, EntityDef>(schema.entities.map((e) => [e.name, e]));

export function entity(name: string): EntityDef {
  const e = byName.get(name);
  if (!e) throw new Error(`unknown entity ${name}`);
  return e;
}

export function hasEntity(name: string): boolean {
  return byName.has(name);
}

export function field(ent: string, name: string): FieldDef {
  const f = entity(ent).fields.find((x) => x.name === name);
  if (!f) throw new Error(`unknown field ${ent}.${name}`);
  return f;
}

export function codes(ent: string, name: string): string[] {
  return field(ent, name).values ?? [];
}

export const AREAS: string[] = schema.codes.areas;
export const TOPICS: string[] = schema.codes.topics;

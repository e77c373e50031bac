// Validation of a change against schema/entities.json, mirroring the server's
// checks (CONTRACT.md, push, steps 6, 7, 9, 10 and the rules), so that a value
// the server would reject is caught on the phone first.
import { entity, type EntityDef, type FieldDef } from './schema';
import { currentYearVN, isValidDate } from './dates';
import { UUID_RE, attendanceId } from './uuid';

export interface FieldError {
  code: 'invalid_value' | 'missing_field' | 'unknown_field' | 'immutable';
  field?: string;
}

export type Fields = Record<string, unknown>;

// C0 controls and DEL and C1, except tab and newline
// eslint-disable-next-line no-control-regex
const CONTROL_RE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const PHONE_RE = /^\+?[0-9]{8,15}$/;

/** NFC and trimmed of Unicode white space, as the server stores text. */
export function normText(s: string): string {
  return s.normalize('NFC').replace(/^[\s\u200b\ufeff]+|[\s\u200b\ufeff]+$/gu, '');
}

/** Normalises values the way the server stores them (text NFC + trim); other values as given. */
export function normalize(ent: string, fields: Fields): Fields {
  const def = entity(ent);
  const out: Fields = {};
  for (const [k, v] of Object.entries(fields)) {
    const f = def.fields.find((x) => x.name === k);
    if (f && (f.type === 'text' || f.type === 'phone') && typeof v === 'string') {
      const t = normText(v);
      out[k] = t === '' && !f.required ? null : t;
    } else out[k] = v;
  }
  return out;
}

export function checkValue(f: FieldDef, v: unknown): boolean {
  if (v === null || v === undefined) return !f.required;
  switch (f.type) {
    case 'bool':
      return typeof v === 'boolean';
    case 'integer':
    case 'decimal': {
      if (typeof v !== 'number' || !Number.isFinite(v)) return false;
      if (f.type === 'integer' && !Number.isInteger(v)) return false;
      const max = f.max === 'current_year' ? currentYearVN() : f.max;
      if (f.min !== undefined && v < f.min) return false;
      if (max !== undefined && v > max) return false;
      if (/_vnd$/.test(f.name) && v > 1_000_000_000_000) return false;
      return true;
    }
    case 'date':
      return isValidDate(v);
    case 'code':
      return typeof v === 'string' && (f.values ?? []).includes(v);
    case 'list': {
      if (!Array.isArray(v)) return false;
      if (v.length < (f.min_items ?? 0)) return false;
      const seen = new Set<string>();
      for (const x of v) {
        if (typeof x !== 'string' || !(f.values ?? []).includes(x) || seen.has(x)) return false;
        seen.add(x);
      }
      return true;
    }
    case 'ref':
      return typeof v === 'string' && UUID_RE.test(v);
    case 'phone':
      return typeof v === 'string' && PHONE_RE.test(v);
    case 'text': {
      if (typeof v !== 'string') return false;
      if (CONTROL_RE.test(v)) return false;
      const t = normText(v);
      if (t === '') return !f.required ? true : false;
      return [...t].length <= (f.max_len ?? 200);
    }
  }
  return false;
}

function present(v: unknown): boolean {
  return v !== null && v !== undefined && !(typeof v === 'string' && v === '');
}

function cmp(a: unknown, op: string, b: unknown): boolean {
  if (typeof a !== typeof b) return true;
  const x = a as number | string, y = b as number | string;
  switch (op) {
    case '>': return x > y;
    case '>=': return x >= y;
    case '<': return x < y;
    case '<=': return x <= y;
  }
  return true;
}

/** Rules between fields on the full row (after the change). */
export function checkRules(def: EntityDef, row: Fields, rowId?: string): FieldError | null {
  for (const r of def.rules) {
    switch (r.kind) {
      case 'compare': {
        const a = row[r.field!], b = row[r.other!];
        if (present(a) && present(b) && !cmp(a, r.op!, b)) return { code: 'invalid_value', field: r.field };
        break;
      }
      case 'any_positive': {
        const fs = r.fields ?? [];
        if (fs.every((k) => typeof row[k] === 'number') && !fs.some((k) => (row[k] as number) > 0))
          return { code: 'invalid_value', field: r.field };
        break;
      }
      case 'exactly_one': {
        const n = (r.fields ?? []).filter((k) => present(row[k])).length;
        if (n !== 1) return { code: 'missing_field', field: r.field };
        break;
      }
      case 'required_when': {
        const w = r.when!;
        if (w.in.includes(row[w.field] as string) && !present(row[r.field!])) return { code: 'missing_field', field: r.field };
        break;
      }
      case 'target_value': {
        const v = row[r.field!];
        const code = row.indicator;
        if (typeof v === 'number' && typeof code === 'string') {
          if (code.endsWith('_share') ? v < 0 || v > 1 : !Number.isInteger(v) || v < 0)
            return { code: 'invalid_value', field: r.field };
        }
        break;
      }
      case 'derived_id': {
        if (rowId && r.from && r.from.every((k) => typeof row[k] === 'string')) {
          const id = attendanceId(row[r.from[0]] as string, row[r.from[1]] as string);
          if (id !== rowId) return { code: 'invalid_value', field: 'row_id' };
        }
        break;
      }
      case 'club_in_commune':
      case 'village_in_commune':
        break; // needs the club or village row: checked by the server
    }
  }
  return null;
}

/**
 * Validates an upsert of `fields` onto `existing` (null for a new row).
 * Returns the first error, in the server's order, or null.
 */
export function validateUpsert(ent: string, rowId: string, existing: Fields | null, fields: Fields): FieldError | null {
  const def = entity(ent);
  for (const k of Object.keys(fields)) {
    if (!def.fields.some((f) => f.name === k)) return { code: 'unknown_field', field: k };
  }
  for (const f of def.fields) {
    if (f.name in fields && !checkValue(f, fields[f.name])) return { code: 'invalid_value', field: f.name };
  }
  if (existing) {
    if (def.merge === 'ledger') {
      for (const [k, v] of Object.entries(fields)) {
        if (k === 'voided_reason') {
          if (v === null && present(existing.voided_reason)) return { code: 'immutable', field: k };
          continue;
        }
        if (JSON.stringify(v ?? null) !== JSON.stringify(existing[k] ?? null)) return { code: 'immutable', field: k };
      }
    }
    for (const f of def.fields) {
      if (f.fixed && f.name in fields && (fields[f.name] ?? null) !== (existing[f.name] ?? null)) return { code: 'immutable', field: f.name };
    }
  } else {
    for (const f of def.fields) {
      if (f.required && !present(fields[f.name])) return { code: 'missing_field', field: f.name };
    }
  }
  const merged = { ...(existing ?? {}), ...fields };
  // The phone is stricter than the server: a partial update that breaks a rule
  // is caught here too, rather than going to the commune's review list.
  return checkRules(def, merged, existing ? undefined : rowId);
}

// The number, money, percentage and date inputs of the forms: each keeps
// what the person typed and hands the parsed value up.
import type { ComponentChildren, JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { FieldDef } from './schema';
import { dayLong, groupDigits } from './format';
import { fractionToPercent, percentToFraction } from './percent';

let uid = 0;
export const nextId = (p = 'f') => `${p}${++uid}`;

/** Value of an input turned into the field's JSON type (null when empty). */
export function parseInput(f: FieldDef, raw: string): unknown {
  const s = raw.trim();
  if (s === '') return null;
  if (f.type === 'integer') {
    const n = Number(s.replace(/[.\s]/g, '').replace(',', '.'));
    return Number.isFinite(n) ? n : s;
  }
  if (f.type === 'decimal') {
    const n = Number(s.replace(',', '.'));
    return Number.isFinite(n) ? n : s;
  }
  return raw;
}

export function toInput(v: unknown): string {
  if (v === null || v === undefined) return '';
  return String(v);
}

/** A number as typed on a Vietnamese phone: a decimal comma ("0,5"). */
export function decimalText(v: unknown): string {
  return typeof v === 'number' ? String(v).replace('.', ',') : toInput(v);
}

type InputAttrs = Omit<JSX.HTMLAttributes<HTMLInputElement>, 'value' | 'onChange'>;

/**
 * A number field that keeps what the person typed ("0," on the way to "0,5")
 * and hands the parsed value up; shown with a decimal comma.
 */
export function NumberInput({ def, value, onChange, ...rest }: InputAttrs & { def: FieldDef; value: unknown; onChange: (v: unknown) => void }) {
  const [raw, setRaw] = useState(decimalText(value));
  const shown = JSON.stringify(parseInput(def, raw)) === JSON.stringify(value ?? null) ? raw : decimalText(value);
  return (
    <input
      {...rest}
      type="text"
      inputMode={def.type === 'integer' ? 'numeric' : 'decimal'}
      value={shown}
      onInput={(e) => {
        const v = (e.target as HTMLInputElement).value;
        setRaw(v);
        onChange(parseInput(def, v));
      }}
    />
  );
}

/**
 * An amount in đồng, grouped with dots as it is typed ("1.000.000"); only
 * digits count, so "1.000.000", "1000000" and "1 000 000" are the same.
 */
export function MoneyInput({ value, onChange, ...rest }: InputAttrs & { value: number | null; onChange: (v: number | null) => void }) {
  return (
    <input
      {...rest}
      type="text"
      inputMode="numeric"
      autoComplete="off"
      value={value === null ? '' : groupDigits(String(value))}
      onInput={(e) => {
        const el = e.target as HTMLInputElement;
        // keep the caret before the same digits as before the regrouping
        const right = el.value.slice(el.selectionStart ?? el.value.length).replace(/\D/g, '').length;
        const digits = el.value.replace(/\D/g, '').replace(/^0+(?=\d)/, '').slice(0, 13);
        const txt = groupDigits(digits);
        el.value = txt;
        let pos = txt.length;
        for (let seen = 0; pos > 0 && seen < right; pos--) if (/\d/.test(txt[pos - 1])) seen++;
        try {
          el.setSelectionRange(pos, pos);
        } catch {
          /* not focused */
        }
        onChange(digits === '' ? null : Number(digits));
      }}
    />
  );
}

/** A native date field with a visible label and, beside it, the chosen day as "Thứ Ba, 01/12/2026". */
export function DateField(p: { label: string; value: string; onChange: (v: string) => void; id?: string; invalid?: boolean; disabled?: boolean; required?: boolean; children?: ComponentChildren }) {
  const own = useState(() => nextId('d'))[0];
  const id = p.id ?? own;
  return (
    <div class="field">
      <label for={id}>{p.label}</label>
      <input
        id={id}
        type="date"
        min="1900-01-01"
        max="2100-12-31"
        required={p.required}
        disabled={p.disabled}
        aria-invalid={p.invalid ? 'true' : undefined}
        aria-describedby={id + 'w'}
        value={p.value}
        onInput={(e) => p.onChange((e.target as HTMLInputElement).value)}
      />
      <span class="dayname" id={id + 'w'}>
        {dayLong(p.value)}
      </span>
      {p.children}
    </div>
  );
}

/**
 * A share typed as a percentage ("62,5") and handed up as the stored fraction
 * (0.625), with "%" after the field.
 */
export function PercentInput({ value, onChange, ...rest }: InputAttrs & { value: unknown; onChange: (v: unknown) => void }) {
  const [raw, setRaw] = useState(fractionToPercent(value));
  const shown = JSON.stringify(percentToFraction(raw)) === JSON.stringify(value ?? null) ? raw : fractionToPercent(value);
  return (
    <span class="withunit">
      <input
        {...rest}
        type="text"
        inputMode="decimal"
        autoComplete="off"
        value={shown}
        onInput={(e) => {
          const v = (e.target as HTMLInputElement).value;
          setRaw(v);
          onChange(percentToFraction(v));
        }}
      />
      <span aria-hidden="true">%</span>
    </span>
  );
}

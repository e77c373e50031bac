// Small shared UI pieces and the schema-driven form.
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { entity, type FieldDef } from './schema';
import { cl, errText, fl, t } from './i18n';
import { dataVersion, navigate } from './app';
import type { FieldError, Fields } from './validate';
import type { RowRec } from './db';
import { todayVN } from './dates';
import { compareText, comparePersonNames, dayLong, groupDigits } from './format';
import { DateField, MoneyInput, nextId, NumberInput, PercentInput, toInput } from './inputs';
export { dayLong, groupDigits };
export { DateField, decimalText, MoneyInput, nextId, NumberInput, parseInput, PercentInput, toInput } from './inputs';


export function Link(props: { href: string; children: ComponentChildren; class?: string; 'aria-current'?: 'page' | 'step' | undefined }) {
  return (
    <a
      href={props.href}
      class={props.class}
      aria-current={props['aria-current']}
      onClick={(e) => {
        if (e.ctrlKey || e.metaKey || e.shiftKey) return;
        e.preventDefault();
        navigate(props.href);
      }}
    >
      {props.children}
    </a>
  );
}

/**
 * Loads data again whenever the local data changes. When `deps` change (another
 * club…), the old value is not shown while the new one loads.
 */
export function useData<T>(load: () => Promise<T>, deps: unknown[] = []): T | undefined {
  const key = JSON.stringify(deps);
  const [v, setV] = useState<{ key: string; value: T } | undefined>(undefined);
  const ver = dataVersion.value;
  useEffect(() => {
    let live = true;
    load().then((x) => live && setV({ key, value: x }));
    return () => {
      live = false;
    };
  }, [ver, key]);
  return v && v.key === key ? v.value : undefined;
}

export function Page(props: { title: string; children: ComponentChildren; actions?: ComponentChildren }) {
  useEffect(() => {
    document.title = `${props.title} · ${t('app')}`;
  }, [props.title]);
  return (
    <section class="page">
      <h1>{props.title}</h1>
      {props.actions && <div class="actions">{props.actions}</div>}
      {props.children}
    </section>
  );
}

export function ErrorLine(props: { error: FieldError | string | null; entity?: string }) {
  if (!props.error) return null;
  const text = typeof props.error === 'string' ? props.error : errText(props.error.code, props.error.field, props.entity);
  return (
    <p class="error" role="alert">
      {text}
    </p>
  );
}

export interface RefOption {
  value: string;
  label: string;
}

interface FieldProps {
  entity: string;
  def: FieldDef;
  value: unknown;
  onChange: (v: unknown) => void;
  options?: RefOption[];
  label?: string;
  invalid?: boolean;
  disabled?: boolean;
  /** a share typed as a percentage ("62,5" for 0.625), labelled "… (%)" */
  percent?: boolean;
}

/** One form control for a schema field, with a visible label. */
export function SchemaField({ entity: ent, def, value, onChange, options, label, invalid, disabled, percent }: FieldProps) {
  const id = useState(() => nextId())[0];
  const lab = (label ?? fl(ent, def.name)) + (percent ? ' (%)' : '');
  const req = def.required;
  const common = { id, disabled, 'aria-invalid': invalid ? ('true' as const) : undefined, required: req };
  if (def.type === 'bool') {
    return (
      <div class="field check">
        <input type="checkbox" {...common} required={false} checked={value === true} onChange={(e) => onChange((e.target as HTMLInputElement).checked)} />
        <label for={id}>{lab}</label>
      </div>
    );
  }
  if (def.type === 'list') {
    return (
      <fieldset class="field">
        <legend>{lab}</legend>
        <div class="toggles">
          {(def.values ?? []).map((v) => (
            <Toggle
              label={cl(def.name, v, ent)}
              checked={Array.isArray(value) && value.includes(v)}
              onChange={(on) => {
                const cur = Array.isArray(value) ? (value as string[]) : [];
                const next = on ? [...cur, v] : cur.filter((x) => x !== v);
                onChange((def.values ?? []).filter((x) => next.includes(x)));
              }}
            />
          ))}
        </div>
      </fieldset>
    );
  }
  let control: JSX.Element;
  if (def.type === 'code' || def.type === 'ref') {
    const opts: RefOption[] = def.type === 'code' ? (def.values ?? []).map((v) => ({ value: v, label: cl(def.name, v, ent) })) : options ?? [];
    control = (
      <select {...common} value={toInput(value)} onChange={(e) => onChange((e.target as HTMLSelectElement).value || null)}>
        <option value="">{t('choose')}</option>
        {opts.map((o) => (
          <option value={o.value}>{o.label}</option>
        ))}
      </select>
    );
  } else if (def.type === 'date') {
    return <DateField id={id} label={lab} value={typeof value === 'string' ? value : ''} onChange={(v) => onChange(v || null)} invalid={invalid} disabled={disabled} required={req} />;
  } else if (percent) {
    control = <PercentInput {...common} value={value} onChange={onChange} />;
  } else if (def.type === 'integer' && def.name.endsWith('_vnd')) {
    control = <MoneyInput {...common} value={typeof value === 'number' ? value : null} onChange={onChange} />;
  } else if (def.type === 'integer' || def.type === 'decimal') {
    const max = def.max === 'current_year' ? Number(todayVN().slice(0, 4)) : def.max;
    control = <NumberInput {...common} def={def} data-min={def.min} data-max={max} value={value} onChange={onChange} />;
  } else if (def.type === 'text' && (def.max_len ?? 0) > 200) {
    control = <textarea {...common} rows={2} maxLength={def.max_len} value={toInput(value)} onInput={(e) => onChange((e.target as HTMLTextAreaElement).value)} />;
  } else {
    control = (
      <input
        type={def.type === 'phone' ? 'tel' : 'text'}
        {...common}
        maxLength={def.max_len}
        value={toInput(value)}
        onInput={(e) => onChange((e.target as HTMLInputElement).value)}
      />
    );
  }
  return (
    <div class="field">
      <label for={id}>{lab}</label>
      {control}
    </div>
  );
}

export function Toggle(props: { label: string; checked: boolean; onChange: (on: boolean) => void; sub?: string }) {
  const id = useState(() => nextId('t'))[0];
  return (
    <div class={'toggle' + (props.checked ? ' on' : '')}>
      <input type="checkbox" id={id} checked={props.checked} onChange={(e) => props.onChange((e.target as HTMLInputElement).checked)} />
      <label for={id}>
        {props.label}
        {props.sub && <small> {props.sub}</small>}
      </label>
    </div>
  );
}

export interface FormProps {
  entity: string;
  /** fields to show, in order (default: every field not in `fixed`) */
  fields?: string[];
  initial?: Fields;
  /** values set by the screen, not shown (club_id…) */
  fixed?: Fields;
  options?: Record<string, RefOption[]>;
  labels?: Record<string, string>;
  /** fields that may not change (ledger rows after creation…) */
  readOnly?: string[];
  submitLabel?: string;
  onSubmit: (fields: Fields) => Promise<FieldError | null>;
  onCancel?: () => void;
  children?: ComponentChildren;
  /** the fields typed as percentages, given the values being edited (a target's value when its indicator is a share) */
  percent?: (vals: Fields) => string[];
  /** shown after the fields, with the values being edited and a way to set one (a checklist that suggests a value…) */
  aside?: (vals: Fields, set: (name: string, v: unknown) => void) => ComponentChildren;
}

/** A form generated from schema/entities.json. */
export function EntityForm(p: FormProps) {
  const def = entity(p.entity);
  const shown = p.fields ?? def.fields.filter((f) => !(p.fixed && f.name in p.fixed) && f.name !== 'voided_reason').map((f) => f.name);
  const [vals, setVals] = useState<Fields>({ ...(p.initial ?? {}) });
  const [err, setErr] = useState<FieldError | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      class="form"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        const out: Fields = { ...(p.fixed ?? {}) };
        for (const n of shown) if (n in vals) out[n] = vals[n];
        const e2 = await p.onSubmit(out);
        setErr(e2);
        setBusy(false);
      }}
    >
      {shown.map((n) => {
        const f = def.fields.find((x) => x.name === n)!;
        return (
          <SchemaField
            key={n}
            entity={p.entity}
            def={f}
            value={vals[n]}
            label={p.labels?.[n]}
            options={p.options?.[n]}
            invalid={err?.field === n}
            disabled={p.readOnly?.includes(n)}
            percent={p.percent?.(vals).includes(n)}
            onChange={(v) => setVals({ ...vals, [n]: v })}
          />
        );
      })}
      {p.aside?.(vals, (n, v) => setVals((cur) => ({ ...cur, [n]: v })))}
      {p.children}
      <ErrorLine error={err} entity={p.entity} />
      <div class="buttons">
        <button type="submit" class="primary" disabled={busy}>
          {p.submitLabel ?? t('save')}
        </button>
        {p.onCancel && (
          <button type="button" onClick={p.onCancel}>
            {t('cancel')}
          </button>
        )}
      </div>
    </form>
  );
}

/** Asks for a reason and voids a ledger row. */
export function VoidButton(props: { onVoid: (reason: string) => Promise<FieldError | null>; note?: string }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [err, setErr] = useState<string | null>(null);
  const id = useState(() => nextId('v'))[0];
  if (!open)
    return (
      <button type="button" class="small" onClick={() => setOpen(true)}>
        {t('void')}
      </button>
    );
  return (
    <div class="void">
      {props.note && <p>{props.note}</p>}
      <label for={id}>{t('void_reason')}</label>
      <input id={id} type="text" value={reason} onInput={(e) => setReason((e.target as HTMLInputElement).value)} />
      <ErrorLine error={err} />
      <div class="buttons">
        <button
          type="button"
          class="danger"
          onClick={async () => {
            if (!reason.trim()) return setErr(t('void_needs_reason'));
            const e = await props.onVoid(reason);
            if (e) setErr(errText(e.code, e.field));
            else setOpen(false);
          }}
        >
          {t('void')}
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          {t('cancel')}
        </button>
      </div>
    </div>
  );
}

/** Removes Vietnamese diacritics for search ("Nguyễn" ~ "nguyen"). */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}

/** Vietnamese order: people by given name, then family name (format.ts); other rows by name. */
export function byName(a: RowRec, b: RowRec): number {
  const fa = a.fields.full_name, fb = b.fields.full_name;
  if (typeof fa === 'string' && typeof fb === 'string') return comparePersonNames(fa, fb);
  return compareText(String(a.fields.name ?? ''), String(b.fields.name ?? ''));
}

/** A period as two native date fields ("Từ ngày" / "Đến ngày"). */
export function PeriodFields(props: { from: string; to: string; onFrom: (d: string) => void; onTo: (d: string) => void; children?: ComponentChildren }) {
  return (
    <div class="grid2">
      <DateField label={t('period_from')} value={props.from} onChange={props.onFrom} />
      <DateField label={t('period_to')} value={props.to} onChange={props.onTo} />
      {props.children}
    </div>
  );
}

export function Empty() {
  return <p class="muted">{t('none')}</p>;
}

export function memberOptions(members: RowRec[]): RefOption[] {
  return [...members].sort(byName).map((m) => ({ value: m.id, label: String(m.fields.full_name) }));
}

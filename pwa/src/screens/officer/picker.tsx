// The period chooser of the dashboard and the reports.
import { useState } from 'preact/hooks';
import { t } from '../../i18n';
import { fmtDate, todayVN } from '../../dates';
import { nextId, PeriodFields } from '../../ui';
import { customPeriod, periods, type Period } from './periods';

/** This half-year so far: the dashboard's and the reports' first view. */
export function defaultPeriod(): Period {
  return periods(todayVN())[0];
}

export function PeriodPicker(p: { value: Period; onChange: (v: Period) => void }) {
  const today = todayVN();
  const list = periods(today);
  const [custom, setCustom] = useState(p.value.key === 'custom');
  const [from, setFrom] = useState(p.value.from);
  const [to, setTo] = useState(p.value.to);
  const id = useState(() => nextId())[0];
  return (
    <div class="period">
      <div class="field">
        <label for={id}>{t('period')}</label>
        <select
          id={id}
          value={custom ? 'custom' : p.value.key}
          onChange={(e) => {
            const k = (e.target as HTMLSelectElement).value;
            if (k === 'custom') return setCustom(true);
            setCustom(false);
            const found = list.find((x) => x.key === k);
            if (found) p.onChange(found);
          }}
        >
          {list.map((x) => (
            <option value={x.key}>{x.label}</option>
          ))}
          <option value="custom">{t('custom')}</option>
        </select>
      </div>
      {custom && (
        <PeriodFields from={from} to={to} onFrom={setFrom} onTo={setTo}>
          <button type="button" onClick={() => from && to && from <= to && from <= today && p.onChange(customPeriod(from, to, today))}>
            {t('show')}
          </button>
        </PeriodFields>
      )}
      <p class="muted">
        {t('report_period')}: <strong>{fmtDate(p.value.from)} – {fmtDate(p.value.to)}</strong>
      </p>
    </div>
  );
}

import { describe, expect, it } from 'vitest';
import { fractionToPercent, isShare, percentToFraction } from '../src/percent';
import { validateUpsert } from '../src/validate';

describe('targets entered as percentages', () => {
  it('turns a typed percentage into the stored fraction, decimal comma or point', () => {
    expect(percentToFraction('60')).toBe(0.6);
    expect(percentToFraction('62,5')).toBe(0.625);
    expect(percentToFraction('62.5')).toBe(0.625);
    expect(percentToFraction(' 90 % ')).toBe(0.9);
    expect(percentToFraction('33,3')).toBe(0.333);
    expect(percentToFraction('')).toBeNull();
  });
  it('keeps the boundaries 0 and 100 exact', () => {
    expect(percentToFraction('0')).toBe(0);
    expect(percentToFraction('100')).toBe(1);
  });
  it('hands a bad value on as text, and a value over 100 % to the share rule', () => {
    expect(percentToFraction('sáu mươi')).toBe('sáu mươi');
    expect(percentToFraction('6,0,0')).toBe('6,0,0');
    const row = (value: unknown) => ({ commune_id: '01890000-0000-7000-8000-0000000000cc', phase: '2026-2030', indicator: 'fund_share', value });
    const id = '01890000-0000-7000-8000-000000000001';
    expect(validateUpsert('target', id, null, row(percentToFraction('100')))).toBeNull();
    expect(validateUpsert('target', id, null, row(percentToFraction('0')))).toBeNull();
    expect(validateUpsert('target', id, null, row(percentToFraction('100,01')))?.code).toBe('invalid_value');
    expect(validateUpsert('target', id, null, row(percentToFraction('-1')))?.code).toBe('invalid_value');
    expect(validateUpsert('target', id, null, row(percentToFraction('abc')))).not.toBeNull();
  });
  it('shows a stored fraction as a percentage with a comma', () => {
    expect(fractionToPercent(0.6)).toBe('60');
    expect(fractionToPercent(0.625)).toBe('62,5');
    expect(fractionToPercent(0)).toBe('0');
    expect(fractionToPercent(1)).toBe('100');
    expect(fractionToPercent(0.07)).toBe('7');
    expect(fractionToPercent(null)).toBe('');
  });
  it('knows which indicators are shares', () => {
    expect(isShare('fund_share')).toBe(true);
    expect(isShare('fund_floor_vnd')).toBe(false);
    expect(isShare(undefined)).toBe(false);
  });
});

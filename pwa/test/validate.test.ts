import { describe, expect, it } from 'vitest';
import { checkValue, normalize, validateUpsert } from '../src/validate';
import { field } from '../src/schema';
import { attendanceId } from '../src/uuid';

const club = '0190a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a60';
const mem = '0190a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a61';
const row = '0190a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a62';
const member = { club_id: club, full_name: 'Nguyễn Thị Hoa', sex: 'female', birth_year: 1955, joined_on: '2024-03-01', poverty: 'none', board_role: 'none' };

describe('validate (from schema/entities.json)', () => {
  it('accepts a complete member', () => {
    expect(validateUpsert('member', row, null, member)).toBeNull();
  });
  it('missing required field', () => {
    const { sex: _s, ...m } = member;
    expect(validateUpsert('member', row, null, m)).toEqual({ code: 'missing_field', field: 'sex' });
  });
  it('unknown field', () => {
    expect(validateUpsert('member', row, null, { ...member, id: row })).toEqual({ code: 'unknown_field', field: 'id' });
  });
  it('ranges and codes', () => {
    expect(validateUpsert('member', row, null, { ...member, birth_year: 1899 })?.field).toBe('birth_year');
    expect(validateUpsert('member', row, null, { ...member, birth_year: 3000 })?.field).toBe('birth_year');
    expect(validateUpsert('member', row, null, { ...member, sex: 'Female' })?.field).toBe('sex');
    expect(validateUpsert('member', row, null, { ...member, joined_on: '2025-02-29' })?.field).toBe('joined_on');
    expect(validateUpsert('member', row, null, { ...member, phone: '12ab5678' })?.field).toBe('phone');
    expect(validateUpsert('member', row, null, { ...member, phone: '+84912345678' })).toBeNull();
    expect(validateUpsert('member', row, null, { ...member, full_name: '   ' })?.field).toBe('full_name');
    expect(validateUpsert('member', row, null, { ...member, full_name: 'a\u0001b' })?.field).toBe('full_name');
  });
  it('rules between fields', () => {
    expect(validateUpsert('member', row, null, { ...member, left_on: '2024-01-01' })).toEqual({ code: 'invalid_value', field: 'left_on' });
    const hc = { club_id: club, member_id: mem, measured_on: '2026-01-10', systolic: 120, diastolic: 130, measured_by: 'club' };
    expect(validateUpsert('health_check', row, null, hc)).toEqual({ code: 'invalid_value', field: 'diastolic' });
    const rep = { club_id: club, loan_id: mem, paid_on: '2026-01-10', principal_vnd: 0, interest_vnd: 0 };
    expect(validateUpsert('repayment', row, null, rep)?.code).toBe('invalid_value');
    const hv = { club_id: club, volunteer_id: mem, visited_on: '2026-01-10', services: ['housework'] };
    expect(validateUpsert('home_visit', row, null, hv)).toEqual({ code: 'missing_field', field: 'recipient_id' });
    expect(validateUpsert('home_visit', row, null, { ...hv, recipient_name: 'Bà Tư' })).toBeNull();
    expect(validateUpsert('target', row, null, { commune_id: club, phase: '2026-2030', indicator: 'fund_share', value: 1.5 })?.field).toBe('value');
    expect(validateUpsert('target', row, null, { commune_id: club, phase: '2026-2030', indicator: 'new_clubs', value: 2.5 })?.field).toBe('value');
    expect(validateUpsert('training', row, null, { commune_id: club, kind: 'officer_awareness', held_on: '2026-02-01' })).toEqual({ code: 'missing_field', field: 'trainee_name' });
  });
  it('lists: codes, no repeats, min items', () => {
    const m = { club_id: club, held_on: '2026-01-05', areas: ['health'] };
    expect(validateUpsert('meeting', row, null, m)).toBeNull();
    expect(validateUpsert('meeting', row, null, { ...m, areas: [] })?.field).toBe('areas');
    expect(validateUpsert('meeting', row, null, { ...m, areas: ['health', 'health'] })?.field).toBe('areas');
    expect(validateUpsert('meeting', row, null, { ...m, topics: [] })).toBeNull();
  });
  it('attendance id is derived', () => {
    const meeting = row;
    const a = { club_id: club, meeting_id: meeting, member_id: mem, present: true };
    expect(validateUpsert('attendance', attendanceId(meeting, mem), null, a)).toBeNull();
    expect(validateUpsert('attendance', row, null, a)).toEqual({ code: 'invalid_value', field: 'row_id' });
  });
  it('ledger rows are written once, only voided_reason changes', () => {
    const fe = { club_id: club, fund: 'activity', entry_on: '2026-01-05', kind: 'contribution', amount_vnd: 20000 };
    expect(validateUpsert('fund_entry', row, null, fe)).toBeNull();
    expect(validateUpsert('fund_entry', row, fe, { amount_vnd: 30000 })).toEqual({ code: 'immutable', field: 'amount_vnd' });
    expect(validateUpsert('fund_entry', row, fe, { voided_reason: 'nhập nhầm' })).toBeNull();
    expect(validateUpsert('fund_entry', row, { ...fe, voided_reason: 'x' }, { voided_reason: null })?.code).toBe('immutable');
    expect(validateUpsert('fund_entry', row, null, { ...fe, amount_vnd: 0 })?.field).toBe('amount_vnd');
  });
  it('fixed fields', () => {
    expect(validateUpsert('member', row, member, { club_id: mem })).toEqual({ code: 'immutable', field: 'club_id' });
    expect(validateUpsert('member', row, member, { full_name: 'Nguyễn Thị Hoa B' })).toBeNull();
  });
  it('integers and decimals', () => {
    expect(checkValue(field('loan', 'monthly_rate_pct'), 1.66)).toBe(true);
    expect(checkValue(field('loan', 'monthly_rate_pct'), 1.67)).toBe(false);
    expect(checkValue(field('loan', 'term_months'), 6.5)).toBe(false);
    expect(checkValue(field('loan', 'term_months'), '6')).toBe(false);
  });
  it('normalises text to NFC and trims', () => {
    const decomposed = 'Nguye\u0302\u0303n'; // "Nguyễn" decomposed
    expect(normalize('member', { full_name: `  ${decomposed}\u00a0` }).full_name).toBe('Nguyễn');
    expect(normalize('member', { phone: '  ' }).phone).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { bmi, bpLevel, fundBalance, latestReading, outstanding, overdue } from '../src/compute';
import { allStrings, cl } from '../src/i18n';
import { fmtMoney, parseMoney } from '../src/money';
import { fmtDate, todayVN } from '../src/dates';
import { AREAS } from '../src/schema';
import type { RowRec } from '../src/db';

const row = (entity: string, id: string, fields: Record<string, unknown>): RowRec => ({
  key: `${entity}:${id}`, entity, id, club_id: 'k', fields, deleted: false, base: fields, baseDeleted: false, updated_at: 0,
});

describe('display', () => {
  it('money and dates', () => {
    expect(fmtMoney(1500000)).toBe('1.500.000 đ');
    expect(fmtMoney(0)).toBe('0 đ');
    expect(fmtMoney(-20000)).toBe('-20.000 đ');
    expect(parseMoney('1.500.000')).toBe(1500000);
    expect(parseMoney('20 000 đ')).toBe(20000);
    expect(parseMoney('abc')).toBeNull();
    expect(fmtDate('2026-03-09')).toBe('09/03/2026');
  });
  it('today is taken in Asia/Ho_Chi_Minh', () => {
    expect(todayVN(Date.UTC(2026, 0, 1, 16, 59))).toBe('2026-01-01');
    expect(todayVN(Date.UTC(2026, 0, 1, 17, 0))).toBe('2026-01-02');
  });
  it('every Vietnamese string is NFC and the areas have their DOMAIN.md names', () => {
    for (const s of allStrings()) expect(s).toBe(s.normalize('NFC'));
    expect(AREAS.map((a) => cl('areas', a))).toEqual([
      'Tăng thu nhập, đảm bảo sinh kế', 'Chăm sóc sức khỏe', 'Chăm sóc tại nhà dựa vào tình nguyện viên', 'Tự giúp nhau và hỗ trợ cộng đồng',
      'Đảm bảo quyền và quyền lợi', 'Nâng cao nhận thức, học tập suốt đời', 'Văn hóa, văn nghệ, thăm hỏi, giao lưu', 'Vận động nguồn lực',
    ]);
  });
});

describe('club figures (INDICATORS.md rules)', () => {
  const loan = row('loan', 'L', { member_id: 'm', disbursed_on: '2026-01-10', principal_vnd: 5000000, due_on: '2026-07-10' });
  const voided = row('loan', 'V', { member_id: 'm', disbursed_on: '2026-01-10', principal_vnd: 9000000, due_on: '2026-07-10', voided_reason: 'nhầm' });
  const reps = [
    row('repayment', 'r1', { loan_id: 'L', paid_on: '2026-02-10', principal_vnd: 1000000, interest_vnd: 25000 }),
    row('repayment', 'r2', { loan_id: 'L', paid_on: '2026-03-10', principal_vnd: 1000000, interest_vnd: 20000, voided_reason: 'x' }),
    row('repayment', 'r3', { loan_id: 'V', paid_on: '2026-03-10', principal_vnd: 1000000, interest_vnd: 99000 }),
  ];
  it('outstanding and overdue', () => {
    expect(outstanding(loan, reps, '2026-01-09')).toBe(0);
    expect(outstanding(loan, reps, '2026-04-01')).toBe(4000000);
    expect(outstanding(voided, reps, '2026-04-01')).toBe(0);
    expect(overdue(loan, reps, '2026-07-10')).toBe(false);
    expect(overdue(loan, reps, '2026-07-11')).toBe(true);
  });
  it('fund size: entries in and out, interest of live loans, loans move nothing', () => {
    const entries = [
      row('fund_entry', 'a', { fund: 'income_generation', entry_on: '2026-01-01', kind: 'opening_balance', amount_vnd: 40000000 }),
      row('fund_entry', 'b', { fund: 'income_generation', entry_on: '2026-02-01', kind: 'expense', amount_vnd: 500000 }),
      row('fund_entry', 'c', { fund: 'activity', entry_on: '2026-02-01', kind: 'contribution', amount_vnd: 20000 }),
      row('fund_entry', 'd', { fund: 'income_generation', entry_on: '2026-02-01', kind: 'donation', amount_vnd: 1000000, voided_reason: 'x' }),
    ];
    expect(fundBalance('income_generation', entries, [loan, voided], reps, null, '2026-12-31')).toBe(40000000 - 500000 + 25000);
    expect(fundBalance('activity', entries, [loan, voided], reps, null, '2026-12-31')).toBe(20000);
    expect(fundBalance('activity', entries, [loan, voided], reps, 'activity', '2026-12-31')).toBe(45000);
  });
  it('blood pressure and BMI', () => {
    expect(bpLevel(139, 89)).toBe('normal');
    expect(bpLevel(140, 80)).toBe('high');
    expect(bpLevel(130, 90)).toBe('high');
    expect(bpLevel(180, 100)).toBe('urgent');
    expect(bpLevel(150, 110)).toBe('urgent');
    expect(bmi(55.5, 152)).toEqual({ value: 24, band: 'over' });
    expect(bmi(45, 160)?.band).toBe('under');
    expect(bmi(null, 160)).toBeNull();
    const checks = [
      row('health_check', 'h1', { member_id: 'm', measured_on: '2026-05-01', systolic: 120, diastolic: 80 }),
      row('health_check', 'h2', { member_id: 'm', measured_on: '2026-06-01', systolic: 120, diastolic: 80 }),
      row('health_check', 'h3', { member_id: 'm', measured_on: '2026-06-01', systolic: 150, diastolic: 80 }),
      row('health_check', 'h4', { member_id: 'm', measured_on: '2026-07-01', systolic: 190, diastolic: 80, voided_reason: 'nhầm' }),
    ];
    const lr = latestReading('m', checks, '2026-01-01', '2026-12-31');
    expect(lr?.day).toBe('2026-06-01');
    expect(lr?.level).toBe('high');
    expect(latestReading('m', checks, '2026-01-01', '2026-05-31')?.level).toBe('normal');
  });
});

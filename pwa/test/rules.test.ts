// The golden answers of server/indicators/testdata/rules.json (also run by the
// Go tests), so that the phone's checklist and the server's indicators apply
// one rule.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { judgeShare, monthsDue } from '../src/rules';

const golden = JSON.parse(readFileSync(new URL('../../server/indicators/testdata/rules.json', import.meta.url), 'utf8'));

describe('months due (rules.json)', () => {
  it('has cases', () => expect(golden.months_due.length).toBeGreaterThan(5));
  for (const c of golden.months_due) {
    it(c.name, () => expect(monthsDue(c.start, c.to)).toEqual(c.want));
  }
});

describe('status of a share (rules.json)', () => {
  for (const c of golden.judge) {
    it(c.name, () => expect(judgeShare(c.numerator, c.denominator, c.target)).toBe(c.status));
  }
});

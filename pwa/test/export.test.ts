import { describe, expect, it } from 'vitest';
import { EXPORT_FORMAT, parseExport } from '../src/exportfile';
import { lang, t } from '../src/i18n';

const c = { id: '0190a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a6b', entity: 'member', row_id: '0190a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a6c', op: 'upsert', fields: { full_name: 'A' }, hlc: '1767225600000-0000-dev' };

describe('export file', () => {
  it('reads its own format', () => {
    expect(parseExport(JSON.stringify({ format: EXPORT_FORMAT, version: 1, changes: [c] }))).toEqual([c]);
  });
  it('refuses anything else', () => {
    expect(parseExport('not json')).toBeNull();
    expect(parseExport(JSON.stringify({ changes: [c] }))).toBeNull();
    expect(parseExport(JSON.stringify({ format: EXPORT_FORMAT, changes: [{ ...c, entity: 'nope' }] }))).toBeNull();
    expect(parseExport(JSON.stringify({ format: EXPORT_FORMAT, changes: [{ ...c, hlc: 'x' }] }))).toBeNull();
    expect(parseExport(JSON.stringify({ format: EXPORT_FORMAT, changes: [{ ...c, id: 'ABC' }] }))).toBeNull();
  });
});

describe('languages', () => {
  it('Vietnamese first, English switchable, fixed names in Vietnamese', () => {
    expect(t('sync_now')).toBe('Đồng bộ ngay');
    expect(t('waiting', { n: 3 })).toBe('3 thay đổi chờ gửi');
    lang.value = 'en';
    expect(t('sync_now')).toBe('Sync now');
    expect(t('waiting', { n: 3 })).toBe('3 changes waiting');
    lang.value = 'vi';
  });
});

// Bringing an existing club in: its member list from the commune's Excel file
// (CONTRACT.md, "Import"). The server reads and checks the file; the members
// arrive on this phone with the next pull.
import { apiJson, apiRaw } from './actions';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface ImportRowError { field: string; code: string; message: string }
export interface ImportRow {
  line: number;
  row_id: string | null;
  fields: Record<string, unknown>;
  errors: ImportRowError[];
}
export interface ImportPreview {
  import_id: string;
  rows: ImportRow[];
  valid: number;
  invalid: number;
  ignored_columns: string[];
}
export interface PushResult { id: string; status: string; error?: ImportRowError }

/** The template, as a file to save. */
export async function templateFile(): Promise<Blob> {
  const res = await apiRaw('GET', '/api/imports/template?kind=members');
  return res.blob();
}

/** Sends the file for a preview; nothing is stored but the pending import. */
export function preview(clubId: string, file: Blob): Promise<ImportPreview> {
  const body = new Blob([file], { type: XLSX_TYPE }); // phones often give no type
  return apiJson<ImportPreview>('POST', `/api/imports?kind=members&club_id=${encodeURIComponent(clubId)}`, body);
}

/** Imports the valid rows; committing twice changes nothing. */
export async function commit(importId: string): Promise<PushResult[]> {
  const a = await apiJson<{ results: PushResult[] }>('POST', `/api/imports/${importId}/commit`);
  return a.results;
}

/** Saves a file through the browser's download. */
export function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

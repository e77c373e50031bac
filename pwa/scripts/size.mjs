// Prints the gzip size of the app shell (index.html with its static shell, JS
// and CSS in dist/assets, plus the service worker) and fails when they exceed
// the 100 KB budget (the service worker apart).
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'dist';
const BUDGET = 100 * 1024;
let shell = 0;
const rows = [];
for (const f of readdirSync(join(dir, 'assets')).sort()) {
  if (!/\.(js|css)$/.test(f)) continue;
  const gz = gzipSync(readFileSync(join(dir, 'assets', f)), { level: 9 }).length;
  shell += gz;
  rows.push([`assets/${f}`, gz]);
}
{
  const gz = gzipSync(readFileSync(join(dir, 'index.html')), { level: 9 }).length;
  shell += gz;
  rows.push(['index.html', gz]);
}
const sw = existsSync(join(dir, 'sw.js')) ? gzipSync(readFileSync(join(dir, 'sw.js')), { level: 9 }).length : 0;
for (const [f, gz] of rows) console.log(`${(gz / 1024).toFixed(1).padStart(7)} KB  ${f}`);
console.log(`${(shell / 1024).toFixed(1).padStart(7)} KB  app shell HTML + JS + CSS (gzip), budget ${BUDGET / 1024} KB`);
console.log(`${(sw / 1024).toFixed(1).padStart(7)} KB  service worker sw.js (gzip)`);
if (shell > BUDGET) {
  console.error('app shell over budget');
  process.exit(1);
}

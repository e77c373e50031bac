import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JS build script
import { generate } from '../scripts/gen-types.mjs';
import { schema } from '../src/schema';

describe('schema', () => {
  it('src/gen/entities.ts is up to date with schema/entities.json', () => {
    const onDisk = readFileSync(new URL('../src/gen/entities.ts', import.meta.url), 'utf8');
    expect(onDisk).toBe(generate(schema));
  });
});

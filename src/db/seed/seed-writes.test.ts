import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
const sources = (readdirSync(here, { recursive: true }) as string[])
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => ({ file: f, text: readFileSync(path.join(here, f), 'utf8') }));

/** Writes the demo seed could make by itself, outside a catalogue entry (and its policy and audit row). */
const DIRECT_WRITE = /\.(insert|update|delete|execute)\(/;

describe('the demo seed', () => {
  it('writes nothing by itself: every write goes through a catalogue entry', () => {
    expect(sources.map((s) => s.file)).toContain('seed-demo.ts');
    expect(sources.map((s) => s.file)).toContain(path.join('demo', 'time.ts'));
    expect(sources.filter((s) => DIRECT_WRITE.test(s.text)).map((s) => s.file)).toEqual([]);
  });
});

import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('formatting', () => {
  it('the source is formatted as biome.json says (run `npx biome format --write .` to fix)', () => {
    let out = '';
    let code = 0;
    try {
      out = execFileSync('node_modules/.bin/biome', ['format', '--reporter=summary', '.'], {
        encoding: 'utf8',
        stdio: 'pipe',
      });
    } catch (e) {
      const x = e as { status: number; stdout: string; stderr: string };
      code = x.status;
      out = `${x.stdout}${x.stderr}`;
    }
    expect({ code, out: code === 0 ? '' : out.slice(0, 2000) }).toEqual({ code: 0, out: '' });
  });
});

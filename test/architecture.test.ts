import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkDependencyRule } from '../scripts/dependency-rule.ts';

describe('checkDependencyRule', () => {
  it('finds no violation in the project', () => {
    expect(checkDependencyRule(process.cwd())).toEqual([]);
  });

  it('reports a billing file that imports drizzle, a db module or process.env', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'deps-'));
    mkdirSync(path.join(root, 'src/billing'), { recursive: true });
    mkdirSync(path.join(root, 'src/db'), { recursive: true });
    writeFileSync(path.join(root, 'src/db/x.ts'), 'export const x = 1;\n');
    writeFileSync(path.join(root, 'src/billing/bad.ts'), "import { sql } from 'drizzle-orm';\nimport { x } from '../db/x.ts';\nconst k = process.env.KEY;\n");
    const messages = checkDependencyRule(root).map((v) => `${v.line}: ${v.message}`);
    expect(messages).toEqual([
      '1: billing/ is pure and may not import drizzle-orm',
      '2: billing/ may not import db (../db/x.ts)',
      '3: billing/ must not read process.env (config.ts parses it once)',
    ]);
  });
});

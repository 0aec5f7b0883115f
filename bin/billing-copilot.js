#!/usr/bin/env node
// Starts the CLI from a bundle of src/ that esbuild (a dependency of tsx) builds on first use and
// again whenever a source file changes, kept in node_modules/.cache/billing-copilot/. Run through
// tsx's loader, a command spent 0.5-1 s before its first line (tsx's own start, then some 700 module
// look-ups through the loader); from the bundle Node loads our code as one file and the packages
// natively. The package still needs no build step: when the bundle cannot be built or written
// (read-only install, esbuild missing) or BILLING_COPILOT_NO_BUNDLE=1, it runs the sources through
// tsx as before.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = path.join(root, 'src');
const entry = path.join(src, 'cli', 'main.ts');
/** Raise when the way the bundle is built changes, so older bundles are not reused. */
const RECIPE = 1;

/** Identifies the sources: every bundled file's path, size and modification time, and where they live. */
function fingerprint() {
  const hash = createHash('sha256').update(`${RECIPE}\0${root}\0${process.version}\0`);
  const files = readdirSync(src, { recursive: true })
    .filter((f) => /\.(ts|mjs|json)$/.test(f) && !/\.test\.ts$/.test(f))
    .sort();
  for (const f of files) {
    const s = statSync(path.join(src, f));
    hash.update(`${f}\0${s.size}\0${s.mtimeMs}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * Every module keeps its own import.meta.url (its source file's address), so code that finds files
 * beside itself (migrations, workers, the triage training set) finds them from the bundle too.
 */
const ownUrl = {
  name: 'own-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.(ts|mjs)$/ }, (args) => {
      if (!args.path.startsWith(src)) return undefined;
      const text = readFileSync(args.path, 'utf8').replaceAll(
        'import.meta.url',
        JSON.stringify(pathToFileURL(args.path).href),
      );
      return { contents: text, loader: args.path.endsWith('.ts') ? 'ts' : 'js', resolveDir: path.dirname(args.path) };
    });
  },
};

async function bundled() {
  if (process.env.BILLING_COPILOT_NO_BUNDLE === '1') return null;
  try {
    const cache = path.join(root, 'node_modules', '.cache', 'billing-copilot');
    // One checkout's bundles start with a tag of its folder (worktrees may share node_modules).
    const tag = `cli-${createHash('sha256').update(root).digest('hex').slice(0, 8)}-`;
    const dir = path.join(cache, `${tag}${fingerprint()}`);
    const main = path.join(dir, 'main.mjs');
    if (existsSync(main)) return main;
    const { build } = await import('esbuild');
    const tmp = `${dir}.${process.pid}.tmp`;
    mkdirSync(cache, { recursive: true });
    await build({
      entryPoints: { main: entry },
      outdir: tmp,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      outExtension: { '.js': '.mjs' },
      plugins: [ownUrl],
      logLevel: 'silent',
    });
    try {
      renameSync(tmp, dir);
      // This checkout's older bundles are stale; one a command may still be reading stays an hour.
      for (const old of readdirSync(cache)) {
        const at = path.join(cache, old);
        if (old.startsWith(tag) && at !== dir && !old.endsWith('.tmp') && Date.now() - statSync(at).mtimeMs > 3_600_000)
          rmSync(at, { recursive: true, force: true });
      }
    } catch {
      // Another command built the same bundle at the same moment: use theirs.
      rmSync(tmp, { recursive: true, force: true });
    }
    return existsSync(main) ? main : null;
  } catch {
    return null;
  }
}

const main = await bundled();
if (main) {
  await import(pathToFileURL(main).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}

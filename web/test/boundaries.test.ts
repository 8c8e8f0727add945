// The app's import boundaries, read from the source: every relative import of every file under
// src/ is resolved to the file it names and checked against the layers of docs/web.md:
//   lib/               imports lib/ only (pure helpers, no DOM, no app state)
//   shell/             lib/, shell/
//   ui/                lib/, shell/, ui/
//   features/<id>/     lib/, shell/, ui/ and its own folder — never another feature
//   app.ts, main.ts    anything (app.ts is where the features are listed)
// so that the shell never depends on a feature and a feature never on another one.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(__dirname, '../src');

type Files = Map<string, string>;    // path relative to src/, with '/' → source text

function readTree(dir: string, out: Files = new Map()): Files {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) readTree(p, out);
    else if (/\.tsx?$/.test(name)) out.set(relative(SRC, p).split(sep).join('/'), readFileSync(p, 'utf8'));
  }
  return out;
}

// Module specifiers of static imports and re-exports (also `import type` and bare `import 'x'`)
// and of dynamic import('x'). Comments are dropped first so that an example in prose does not count.
function importsOf(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const specs: string[] = [];
  for (const m of code.matchAll(/(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[\w*${}\s,]+?\s+from\s+)?['"]([^'"]+)['"]/g)) {
    if (m[1]) specs.push(m[1]);
  }
  for (const m of code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    if (m[1]) specs.push(m[1]);
  }
  return specs;
}

// The layer a file belongs to: 'root', 'lib', 'shell', 'ui', 'feature:<id>'; null for files
// outside them (reported as such).
function layerOf(path: string): string | null {
  if (path === 'app.ts' || path === 'main.ts') return 'root';
  const [top, id] = path.split('/');
  if (top === 'features') return id && path.split('/').length > 2 ? `feature:${id}` : null;
  return top === 'lib' || top === 'shell' || top === 'ui' ? top : null;
}

function allowed(from: string, to: string): boolean {
  if (from === 'root') return true;
  if (from === 'lib') return to === 'lib';
  if (from === 'shell') return to === 'lib' || to === 'shell';
  if (from === 'ui') return to === 'lib' || to === 'shell' || to === 'ui';
  return to === 'lib' || to === 'shell' || to === 'ui' || to === from;
}

function why(from: string, to: string): string {
  if (to.startsWith('feature:') && from.startsWith('feature:')) return `feature ${from.slice(8)} must not import feature ${to.slice(8)}`;
  if (to.startsWith('feature:')) return `${from}/ must not import a feature (only app.ts lists them)`;
  if (to === 'root') return `${from} must not import app.ts or main.ts`;
  return `${from}/ must not import ${to}/`;
}

// Every import that crosses a boundary, as "file: import 'spec' → target: reason".
function violations(files: Files): string[] {
  const out: string[] = [];
  for (const [path, source] of files) {
    const from = layerOf(path);
    if (!from) {
      out.push(`${path}: not in app.ts, main.ts, lib/, shell/, ui/ or features/<id>/`);
      continue;
    }
    for (const spec of importsOf(source)) {
      if (!spec.startsWith('.')) continue;             // packages (leaflet, echarts…)
      const base = posix.normalize(posix.join(posix.dirname(path), spec));
      const target = [base, `${base}.ts`, `${base}/index.ts`].find((c) => files.has(c));
      if (!target) {
        if (!/\.(css|json)$/.test(spec)) out.push(`${path}: import '${spec}' resolves to no file under src/`);
        continue;
      }
      const to = layerOf(target);
      if (!to) continue;                                // reported as a file of its own
      if (!allowed(from, to)) out.push(`${path}: import '${spec}' → ${target}: ${why(from, to)}`);
    }
  }
  return out;
}

describe('import boundaries', () => {
  it('hold in src/: the shell imports no feature and no feature imports another', () => {
    const files = readTree(SRC);
    expect(files.size).toBeGreaterThan(30);
    expect(violations(files)).toEqual([]);
  });

  it('are read from real imports: multi-line, type-only, re-exports and dynamic ones', () => {
    const src = [
      "import {\n  a,\n  b,\n} from './one';",
      "import type { C } from '../two';",
      "export { d } from './three';",
      "import './styles.css';",
      "const m = await import('./four');",
      "// import { x } from './commented';",
      "/* import { y } from './blocked'; */",
    ].join('\n');
    expect(importsOf(src)).toEqual(['./one', '../two', './three', './styles.css', './four']);
  });

  it('catch a feature imported by the shell or by another feature, naming file and import', () => {
    const files: Files = new Map([
      ['app.ts', "import { x } from './features/x';"],
      ['shell/shell.ts', "import { y } from '../features/x/y';"],
      ['ui/panel.ts', "import { z } from '../features/x/index';"],
      ['features/x/index.ts', "export const x = 1;"],
      ['features/x/y.ts', "import { w } from '../w/view';\nexport const y = 1;"],
      ['features/x/z.ts', "import { y } from './y';\nimport { h } from '../../shell/shell';"],
      ['features/w/view.ts', "export const w = 1;"],
      ['lib/format.ts', "import { t } from '../shell/shell';"],
      ['shell/uses-ui.ts', "import { p } from '../ui/panel';"],
    ]);
    expect(violations(files)).toEqual([
      "shell/shell.ts: import '../features/x/y' → features/x/y.ts: shell/ must not import a feature (only app.ts lists them)",
      "ui/panel.ts: import '../features/x/index' → features/x/index.ts: ui/ must not import a feature (only app.ts lists them)",
      "features/x/y.ts: import '../w/view' → features/w/view.ts: feature x must not import feature w",
      "lib/format.ts: import '../shell/shell' → shell/shell.ts: lib/ must not import shell/",
      "shell/uses-ui.ts: import '../ui/panel' → ui/panel.ts: shell/ must not import ui/",
    ]);
  });

  it('report an import that names no file, and a file outside the layers', () => {
    const files: Files = new Map([
      ['features/x/a.ts', "import { b } from './missing';"],
      ['helpers.ts', 'export const h = 1;'],
    ]);
    expect(violations(files)).toEqual([
      "features/x/a.ts: import './missing' resolves to no file under src/",
      'helpers.ts: not in app.ts, main.ts, lib/, shell/, ui/ or features/<id>/',
    ]);
  });
});

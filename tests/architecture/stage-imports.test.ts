import * as fs from 'node:fs';
import * as path from 'node:path';

// ARCHITECTURE.md's import rules, checked on the source: a stage is a folder of src/ (or exporters/);
// others reach it only through its door (index.ts), page code imports only types, and stages form no cycle.
const ROOT = path.join(__dirname, '..', '..');
/** Root files of src/ that are doors themselves (the conductor and the public entry). */
const ROOT_DOORS = new Set(['src/animate.ts', 'src/song-features.ts', 'src/errors.ts', 'src/index.ts']);
/** DOM-free page contracts that page code, compiled without Node's types, must reach directly. */
const PAGE_CONTRACTS = new Set(['src/scene/scene-config.ts']);

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.posix.join(dir, e.name);
    if (e.isDirectory()) return sources(rel);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [rel] : [];
  });
}
const FILES = [...sources('src'), ...sources('exporters')];

function stageOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] === 'exporters') return 'exporters';
  // The public entry imports every stage and nothing imports it; the other root files are the conductor.
  if (file === 'src/index.ts') return 'entry';
  return parts.length === 2 ? 'src' : `src/${parts[1]}`;
}
function resolve(from: string, spec: string): string | null {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  for (const candidate of [`${base}.ts`, `${base}/index.ts`]) if (fs.existsSync(path.join(ROOT, candidate))) return candidate;
  return null;
}
/** A stage's door; page code has its own (`<stage>/page/index.ts`, types only). */
const isDoor = (file: string) => ROOT_DOORS.has(file) || file === `${stageOf(file)}/index.ts` || file === `${stageOf(file)}/page/index.ts`;
const isPage = (file: string) => file.split('/').includes('page');

interface Edge {
  from: string;
  to: string;
  typeOnly: boolean;
}
/** Every static import/export-from and every `import('…')`/`require('…')` of a relative path. */
function edges(file: string): Edge[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const out: Edge[] = [];
  for (const m of text.matchAll(/^(import|export)(\s+type)?\s[^;]*?\sfrom\s+'(\.[^']*)'/gms)) {
    const to = resolve(file, m[3]);
    if (to) out.push({ from: file, to, typeOnly: !!m[2] });
  }
  for (const m of text.matchAll(/(?:import|require)\('(\.[^']*)'\)/g)) {
    const to = resolve(file, m[1]);
    if (to) out.push({ from: file, to, typeOnly: false });
  }
  return out;
}
const ALL = FILES.flatMap(edges);
const crossing = ALL.filter((e) => stageOf(e.from) !== stageOf(e.to));

test('the source tree has stages and doors to check (the scan sees the code)', () => {
  expect(FILES.length).toBeGreaterThan(200);
  expect(crossing.length).toBeGreaterThan(100);
});

test("no file imports another stage's non-door file", () => {
  const around = crossing.filter((e) => !isDoor(e.to) && !(e.typeOnly && PAGE_CONTRACTS.has(e.to))).map((e) => `${e.from} → ${e.to}`);
  expect(around).toEqual([]);
});

test('page code (serialized into the browser) imports only types', () => {
  const values = ALL.filter((e) => isPage(e.from) && !e.typeOnly).map((e) => `${e.from} → ${e.to}`);
  expect(values).toEqual([]);
});

test('Node code never imports page code (it is loaded by path, see scene/page-functions.ts)', () => {
  const into = ALL.filter((e) => !isPage(e.from) && isPage(e.to)).map((e) => `${e.from} → ${e.to}`);
  expect(into).toEqual([]);
});

test('stages form no cycle; track imports no other stage; only cli imports cli', () => {
  const graph = new Map<string, Set<string>>();
  for (const e of crossing) {
    const [a, b] = [stageOf(e.from), stageOf(e.to)];
    if (!graph.has(a)) graph.set(a, new Set());
    graph.get(a)!.add(b);
  }
  const reaches = (start: string, goal: string): boolean => {
    const seen = new Set<string>();
    const stack = [start];
    while (stack.length) {
      const s = stack.pop()!;
      if (s === goal) return true;
      if (seen.has(s)) continue;
      seen.add(s);
      stack.push(...(graph.get(s) ?? []));
    }
    return false;
  };
  const cycles = [...graph].flatMap(([a, bs]) => [...bs].filter((b) => reaches(b, a)).map((b) => `${a} ⇄ ${b}`));
  expect(cycles).toEqual([]);
  expect([...(graph.get('src/track') ?? [])]).toEqual([]);
  expect(crossing.filter((e) => stageOf(e.to) === 'src/cli').map((e) => e.from)).toEqual([]);
});

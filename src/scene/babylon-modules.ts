import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The Babylon.js ES modules a page needs, served from the installed npm packages (no CDN, nothing
 * downloaded). Only files reachable from the page's entry imports are listed, so a local server can
 * serve exactly these and nothing else from node_modules.
 */
export interface BabylonModules {
  /** URL prefix → package directory, e.g. "/vendor/@babylonjs/core/" → ".../node_modules/@babylonjs/core". */
  roots: Record<string, string>;
  /** URL path → absolute file path, for every reachable module. */
  files: Map<string, string>;
  /** The page's import map (bare "@babylonjs/…/" specifiers → URL prefixes). */
  importMap: { imports: Record<string, string> };
}

export const VENDOR_PREFIX = '/vendor/';
const PACKAGES = ['@babylonjs/core', '@babylonjs/loaders'] as const;

// Static imports/re-exports, side-effect imports and dynamic imports with a literal specifier.
const IMPORT_RE = /\bfrom\s*["']([^"']+)["']|\bimport\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g;

function packageDir(name: string): string {
  return path.dirname(require.resolve(`${name}/package.json`));
}

/** The specifiers a module imports (comments may add a few harmless extras). */
export function importSpecifiers(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(IMPORT_RE)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

let cached: BabylonModules | undefined;

/**
 * Walks the import graph from `entries` (specifiers such as "@babylonjs/core/Engines/engine.js").
 * Example: `const mods = babylonModules(['@babylonjs/core/scene.js']); mods.files.get('/vendor/@babylonjs/core/scene.js')`
 */
export function babylonModules(entries: readonly string[]): BabylonModules {
  if (cached && entries === lastEntries) return cached;
  const dirs = new Map(PACKAGES.map((p) => [p, packageDir(p)]));
  const roots: Record<string, string> = {};
  const imports: Record<string, string> = {};
  for (const [name, dir] of dirs) {
    roots[`${VENDOR_PREFIX}${name}/`] = dir;
    imports[`${name}/`] = `${VENDOR_PREFIX}${name}/`;
  }
  const files = new Map<string, string>();
  const toUrl = (file: string): string | undefined => {
    for (const [name, dir] of dirs) {
      const rel = path.relative(dir, file);
      if (!rel.startsWith('..') && !path.isAbsolute(rel)) return `${VENDOR_PREFIX}${name}/${rel.split(path.sep).join('/')}`;
    }
    return undefined;
  };
  const resolveSpec = (spec: string, from: string | undefined): string | undefined => {
    if (spec.startsWith('.') && from) return path.resolve(path.dirname(from), spec);
    for (const [name, dir] of dirs) if (spec.startsWith(`${name}/`)) return path.join(dir, spec.slice(name.length + 1));
    return undefined; // a package the page does not use (type-only imports are erased already)
  };
  const stack: string[] = [];
  for (const e of entries) {
    const f = resolveSpec(e, undefined);
    if (!f) throw new Error(`babylonModules: "${e}" is not inside ${PACKAGES.join(' or ')}`);
    stack.push(f);
  }
  while (stack.length) {
    const file = stack.pop()!;
    const url = toUrl(file);
    if (!url || files.has(url) || !file.endsWith('.js')) continue;
    let source: string;
    try {
      source = fs.readFileSync(file, 'utf8');
    } catch {
      continue; // a specifier in a comment, or an optional module the package does not ship
    }
    files.set(url, file);
    for (const spec of importSpecifiers(source)) {
      const next = resolveSpec(spec, file);
      if (next) stack.push(next);
    }
  }
  cached = { roots, files, importMap: { imports } };
  lastEntries = entries;
  return cached;
}

let lastEntries: readonly string[] | undefined;

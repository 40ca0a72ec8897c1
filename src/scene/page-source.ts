import { babylonModules, type BabylonModules } from './babylon-modules';
import { BABYLON_IMPORTS } from './babylon-imports';
import { htmlPage, type Resource } from './local-server';

/** A browser page made of serialized page functions (see page/babylon-api.ts for why). */
export interface PageSource {
  /** "/" → the HTML, "/app.js" → the module. */
  resources: Map<string, Resource>;
  modules: BabylonModules;
}

export interface PageSourceOptions {
  title: string;
  /** Page functions, serialized in this order; they call each other through `lib` or by name. */
  functions: ReadonlyArray<(...args: never[]) => unknown>;
  /** Name of the entry function: `entry(B, lib, config)`; its result becomes `window.musicface`. */
  entry: string;
  /** JSON-serializable configuration handed to the entry. */
  config: unknown;
  /** Body HTML (the entry finds its elements by id). */
  body: string;
  style?: string;
}

/** JSON safe to embed inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

/**
 * Builds the page: an HTML shell with an import map (Babylon from node_modules, via the local server)
 * and one ES module holding the page functions. Sets `window.musicfaceReady` or `window.musicfaceError`.
 * Example: `const page = pageSource({ title: 'x', functions: [renderPage], entry: 'renderPage', config, body: '<canvas id="view">' })`
 */
export function pageSource(options: PageSourceOptions): PageSource {
  const modules = babylonModules(BABYLON_IMPORTS.map(([spec]) => spec));
  const importMap = JSON.stringify(modules.importMap);
  const imports = BABYLON_IMPORTS.map(([spec, names]) =>
    names.length ? `import { ${names.join(', ')} } from '${spec}';` : `import '${spec}';`,
  );
  const names = BABYLON_IMPORTS.flatMap(([, n]) => n);
  const fnNames = options.functions.map((f) => f.name);
  const code = [
    ...imports,
    `const B = { ${names.join(', ')} };`,
    ...options.functions.map((f) => f.toString()),
    `const lib = { ${fnNames.join(', ')} };`,
    `const config = JSON.parse(document.getElementById('mf-config').textContent);`,
    'try {',
    `  window.musicface = await ${options.entry}(B, lib, config);`,
    '  window.musicfaceReady = true;',
    '} catch (e) {',
    '  window.musicfaceError = String((e && e.stack) || e);',
    '  console.error(window.musicfaceError);',
    '}',
  ].join('\n');
  const html = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${options.title.replace(/[<&>"]/g, (c) => `&#${c.charCodeAt(0)};`)}</title>`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<style>${options.style ?? 'html,body{margin:0;background:#222}'}</style>`,
    `<script type="importmap">${importMap}</script>`,
    `<script type="application/json" id="mf-config">${scriptJson(options.config)}</script>`,
    '</head><body>',
    options.body,
    '<script type="module" src="/app.js"></script>',
    '</body></html>',
  ].join('\n');
  const resources = new Map<string, Resource>([
    ['/', htmlPage(html, [importMap])],
    ['/app.js', { type: 'text/javascript; charset=utf-8', body: code }],
  ]);
  return { resources, modules };
}

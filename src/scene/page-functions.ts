import * as path from 'node:path';

/** A page function: serialized with `toString()` into the page (it imports nothing at run time). */
export type PageFunction = (...args: never[]) => unknown;

/**
 * The named functions of a page module, for `pageSource`. Page code is type-checked under its own
 * tsconfig (with the DOM's types), so Node code never imports it: it is loaded here by path (the
 * TypeScript source under Jest, the built JavaScript otherwise).
 * Example: `pageFunctions(path.join(__dirname, 'page', 'render-page'), ['renderPage'])`
 */
export function pageFunctions(modulePath: string, names: readonly string[]): PageFunction[] {
  // A computed require: the type checker must not follow it into page code.
  const mod = require(modulePath) as Record<string, unknown>;
  return names.map((name) => {
    const fn = mod[name];
    if (typeof fn !== 'function') throw new Error(`${modulePath}: page module has no function ${name}`);
    return fn as PageFunction;
  });
}

/** The scene every page builds: load the rig, simplify its materials, light it, frame the face. */
export function faceSceneFunctions(): PageFunction[] {
  return pageFunctions(path.join(__dirname, 'page', 'face-scene'), [
    'createFaceScene',
    'simplifyMaterials',
    'vertexColorsToGamma',
    'addLights',
    'frameFace',
  ]);
}

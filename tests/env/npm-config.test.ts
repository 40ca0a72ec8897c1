/**
 * Issue 19, item 13: every npm command in the project (and so every `npx musicface`) printed
 * `npm warn Unknown project config "onnxruntime-node-install"` from .npmrc. The key existed to stop
 * onnxruntime-node's install script from downloading CUDA libraries from NuGet (which fails offline);
 * package.json's `allowScripts` now denies that script, a field npm knows.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const npm = spawnSync('npm', ['--version'], { encoding: 'utf8' });
const haveNpm = npm.status === 0;
if (!haveNpm) console.warn('npm config test skipped: no npm on PATH');

(haveNpm ? test : test.skip)('npm in the project prints no warning about its configuration', () => {
  const r = spawnSync('npm', ['pkg', 'get', 'name'], { cwd: ROOT, encoding: 'utf8' });
  expect(r.status).toBe(0);
  expect(r.stdout.trim()).toBe('"musicface"');
  expect(r.stderr).not.toMatch(/Unknown (project|env|user) config/);
});

test('onnxruntime-node’s install script (a NuGet download) is denied in package.json', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  expect(pkg.allowScripts?.['onnxruntime-node']).toBe(false);
});

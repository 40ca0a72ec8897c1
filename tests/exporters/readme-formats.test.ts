import * as fs from 'node:fs';
import * as path from 'node:path';
import { FORMATS } from '../../exporters';

// The README's "Output formats" section is what users read; it must follow the registry.
const readme = fs.readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Output formats'), readme.indexOf('\n## ', readme.indexOf('## Output formats') + 3));

test('the README table lists every output format, in the registry order, then .mp4', () => {
  const endings = [...section.matchAll(/^\| `(\.[a-z.0-9]+)` \|/gm)].map((m) => m[1]);
  expect(endings).toEqual([...FORMATS.map((f) => f.ext), '.mp4']);
});

test.each(FORMATS.map((f) => [f.ext, f] as const))('the README names every option %s reads', (ext, format) => {
  const line = section.split('\n').find((l) =>
    l
      .split(':')[0]
      .split(',')
      .some((e) => e.trim() === `\`${ext}\``),
  );
  expect(line).toBeDefined();
  for (const key of Object.keys(format.options)) expect(line).toContain(`\`${key}\``);
});

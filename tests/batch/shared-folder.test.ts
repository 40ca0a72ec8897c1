/**
 * Issue 21, item 3: queue workers on several machines write into one shared output folder. Temp parts
 * carry the machine's name (a pid says nothing about another machine's processes), and the made-with
 * record beside the outputs keeps every process's entries when several finish outputs at once.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeFileAtomic } from '../../src/runtime/atomic-write';
import { MADE_WITH_FILE } from '../../src/batch/made-with';

const REGISTER = path.join(__dirname, '../corpus/helpers/ts-register.js');
const HOST = os
  .hostname()
  .replace(/[^A-Za-z0-9-]/g, '-')
  .slice(0, 40);
let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mf-shared-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid!;

test("a part another machine is writing stays; its hour-old leftover and this machine's dead parts go", () => {
  const theirsLive = path.join(dir, `.song.json.${process.pid}-other-machine.kx1.part`); // same pid number, other machine
  const theirsOld = path.join(dir, `.song.json.${deadPid()}-other-machine.kx2.part`);
  const oursDead = path.join(dir, `.song.json.${deadPid()}-${HOST}.kx3.part`);
  for (const f of [theirsLive, theirsOld, oursDead]) fs.writeFileSync(f, 'half');
  const twoHoursAgo = new Date(Date.now() - 2 * 3600 * 1000);
  fs.utimesSync(theirsOld, twoHoursAgo, twoHoursAgo);
  writeFileAtomic(path.join(dir, 'song.json'), '{}');
  expect(fs.readdirSync(dir).sort()).toEqual([path.basename(theirsLive), 'song.json'].sort());
});

test('two processes recording finished outputs in one folder at once keep every entry', async () => {
  const script = (who: string) => `
    const { MadeWith } = require(${JSON.stringify(path.join(__dirname, '../../src/batch/made-with.ts'))});
    const made = new MadeWith(${JSON.stringify(path.join(dir, MADE_WITH_FILE))});
    for (let i = 0; i < 60; i++) made.set('${who}' + i + '.json', 'options ' + i);`;
  const run = (who: string) =>
    new Promise<number | null>((resolve) =>
      spawn(process.execPath, ['-r', REGISTER, '-e', script(who)], { stdio: 'inherit' }).on('exit', resolve),
    );
  expect(await Promise.all([run('a'), run('b')])).toEqual([0, 0]);
  const record = JSON.parse(fs.readFileSync(path.join(dir, MADE_WITH_FILE), 'utf8'));
  expect(Object.keys(record)).toHaveLength(120);
  expect(fs.readdirSync(dir)).toEqual([MADE_WITH_FILE]); // no lock or part left
});

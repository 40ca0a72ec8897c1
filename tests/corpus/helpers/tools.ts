import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Is an executable on PATH? */
export function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

const SF2 = '/usr/share/sounds/sf2';

/** Why the corpus tools are unusable here, or '' when festival, the six voices, fluidsynth and both soundfonts are installed. */
export function missingCorpusTools(): string {
  const missing: string[] = [];
  if (!hasCommand('festival')) missing.push('festival');
  if (!hasCommand('fluidsynth')) missing.push('fluidsynth');
  for (const v of [
    'english/kal_diphone',
    'english/ked_diphone',
    'italian/lp_diphone',
    'italian/pc_diphone',
    'finnish/suo_fi_lj_diphone',
    'finnish/hy_fi_mv_diphone',
  ]) {
    if (!fs.existsSync(`/usr/share/festival/voices/${v}`)) missing.push(path.basename(v));
  }
  for (const f of ['FluidR3_GM.sf2', 'TimGM6mb.sf2']) if (!fs.existsSync(path.join(SF2, f))) missing.push(f);
  return missing.length ? `corpus tests skipped: ${missing.join(', ')} not installed (scripts/install-corpus-deps.sh)` : '';
}

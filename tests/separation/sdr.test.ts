import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Audio } from '../../src/audio/audio';
import { bssEvalSdr } from '../../src/separation/sdr';

const FIXTURE = path.join(__dirname, '../fixtures/separation');

interface MusevalCase {
  window: number;
  hop: number;
  sdr: (number | null)[][];
  medianSdr: number[];
}

function loadFixture(): { signals: Audio[]; cases: MusevalCase[] } {
  const meta = JSON.parse(fs.readFileSync(path.join(FIXTURE, 'museval-fixture.json'), 'utf8'));
  const buf = fs.readFileSync(path.join(FIXTURE, 'museval-fixture.i16'));
  const raw = new Int16Array(buf.buffer, buf.byteOffset, buf.byteLength / 2);
  const n = meta.samples as number;
  const signals: Audio[] = [];
  for (let s = 0; s < meta.signals.length; s++) {
    const channels: Float32Array[] = [];
    for (let c = 0; c < meta.channels; c++) {
      const ch = new Float32Array(n);
      const off = (s * meta.channels + c) * n;
      for (let i = 0; i < n; i++) ch[i] = raw[off + i] / meta.scale;
      channels.push(ch);
    }
    signals.push({ sampleRate: 16000, channels });
  }
  return { signals, cases: meta.cases };
}

describe('bssEvalSdr agrees with museval 0.4.1 (BSS Eval v4) on a committed fixture', () => {
  const { signals, cases } = loadFixture();
  const [voc, acc, estV, estA] = signals;
  for (const c of cases) {
    it(`window ${c.window}, hop ${c.hop}: every frame, NaN frames and the median`, () => {
      const r = bssEvalSdr([voc, acc], [estV, estA], { window: c.window, hop: c.hop });
      for (let j = 0; j < 2; j++) {
        expect(r.frames[j].length).toBe(c.sdr[j].length);
        c.sdr[j].forEach((want, t) => {
          if (want === null) expect(r.frames[j][t]).toBeNaN();
          else expect(r.frames[j][t]).toBeCloseTo(want, 4);
        });
        expect(r.median[j]).toBeCloseTo(c.medianSdr[j], 4);
      }
    });
  }

  it('scores the mixture used as the vocal estimate lower than the true vocal plus small noise', () => {
    const mix: Audio = { sampleRate: 16000, channels: voc.channels.map((ch, c) => ch.map((v, i) => v + acc.channels[c][i])) };
    const r = bssEvalSdr([voc, acc], [mix, mix], { window: 400 });
    const good = bssEvalSdr([voc, acc], [estV, estA], { window: 400 });
    expect(r.median[0]).toBeLessThan(good.median[0]);
  });
});

import { realFft } from '../../src/separation/fft';
import { WasmFft } from '../../src/separation/wasm-fft';

/** Direct O(n²) DFT of one bin: the independent reference. */
function dftBin(x: Float64Array, k: number): [number, number] {
  let r = 0;
  let q = 0;
  for (let j = 0; j < x.length; j++) {
    r += x[j] * Math.cos((-2 * Math.PI * j * k) / x.length);
    q += x[j] * Math.sin((-2 * Math.PI * j * k) / x.length);
  }
  return [r, q];
}

describe('realFft (radix-2 and Bluestein sizes used by Spleeter and MDX-Net models)', () => {
  for (const n of [16, 4096, 7680, 6144, 5120, 30]) {
    it(`n=${n}: matches a direct DFT and inverts exactly`, () => {
      const f = realFft(n);
      const x = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 0.37) + 0.3 * Math.cos(i * 1.3) + (i % 7) * 0.01);
      const re = new Float64Array(n / 2 + 1);
      const im = new Float64Array(n / 2 + 1);
      f.forward(x, re, im);
      for (const k of [0, 1, 5, 13, Math.floor(n / 2)].filter((b) => b <= n / 2)) {
        const [r, q] = dftBin(x, k);
        expect(Math.abs(re[k] - r)).toBeLessThan(1e-7 * n);
        expect(Math.abs(im[k] - q)).toBeLessThan(1e-7 * n);
      }
      const y = new Float64Array(n);
      f.inverse(re, im, y);
      let err = 0;
      for (let i = 0; i < n; i++) err = Math.max(err, Math.abs(y[i] - x[i]));
      expect(err).toBeLessThan(1e-9);
    });
  }
});

describe('WasmFft (PFFFT, the built-in separator’s complex transform)', () => {
  for (const n of [256, 4096]) {
    it(`n=${n}: a complex transform matches a direct DFT to float32 precision`, () => {
      const f = new WasmFft(n);
      const x = Float64Array.from({ length: 2 * n }, (_, i) => Math.sin(i * 0.21) + ((i * 7919) % 13) * 0.05);
      const y = new Float64Array(2 * n);
      f.transform(y, x);
      // the complex DFT of x as two real signals: Re part from the even entries, Im from the odd
      const re = Float64Array.from({ length: n }, (_, i) => x[2 * i]);
      const im = Float64Array.from({ length: n }, (_, i) => x[2 * i + 1]);
      for (const k of [0, 1, 17, n / 2, n - 3]) {
        const [a, b] = dftBin(re, k);
        const [c, d] = dftBin(im, k);
        // (a + ib) + i(c + id) = (a − d) + i(b + c)
        expect(Math.abs(y[2 * k] - (a - d))).toBeLessThan(1e-5 * n);
        expect(Math.abs(y[2 * k + 1] - (b + c))).toBeLessThan(1e-5 * n);
      }
    });
  }
});

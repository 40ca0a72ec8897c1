/** fft.js's radix-4 real FFT, typed: the package ships no types, and this is the part the features use. */
export interface RealFftJs {
  realTransform(out: Float64Array, input: Float64Array): void;
}
export const FftJs = require('fft.js') as new (size: number) => RealFftJs;

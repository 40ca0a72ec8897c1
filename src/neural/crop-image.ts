import type { Crop } from './conditioning';

/**
 * The crop of an RGB frame resampled to size × size (each output pixel the mean of a 3 × 3 grid of
 * bilinear samples over its footprint: a fair downscale for the 1–2× ratios of face crops).
 * Example: `const face = cropImage(rgb, 360, 288, crop, 128)`
 */
export function cropImage(
  rgb: Uint8Array,
  width: number,
  height: number,
  crop: Crop,
  size: number,
  out = new Uint8Array(size * size * 3),
): Uint8Array {
  const k = crop.size / size;
  const sample = (x: number, y: number, c: number): number => {
    const fx = Math.min(width - 1, Math.max(0, x - 0.5)),
      fy = Math.min(height - 1, Math.max(0, y - 0.5));
    const x0 = Math.floor(fx),
      y0 = Math.floor(fy);
    const x1 = Math.min(width - 1, x0 + 1),
      y1 = Math.min(height - 1, y0 + 1);
    const ax = fx - x0,
      ay = fy - y0;
    const p = (xx: number, yy: number) => rgb[3 * (yy * width + xx) + c];
    return (1 - ay) * ((1 - ax) * p(x0, y0) + ax * p(x1, y0)) + ay * ((1 - ax) * p(x0, y1) + ax * p(x1, y1));
  };
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      for (let c = 0; c < 3; c++) {
        let s = 0;
        for (let j = 0; j < 3; j++)
          for (let i = 0; i < 3; i++) s += sample(crop.x + (x + (i + 0.5) / 3) * k, crop.y + (y + (j + 0.5) / 3) * k, c);
        out[3 * (y * size + x) + c] = Math.round(s / 9);
      }
    }
  }
  return out;
}

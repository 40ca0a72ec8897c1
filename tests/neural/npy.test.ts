/** The .npy files that carry training pairs to PyTorch: NumPy's own reader is the reference. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { npyBytes, readNpy } from '../../src/neural/npy';

const numpy = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;

test('header is aligned to 64 bytes and the data reads back', () => {
  const data = Uint8Array.from({ length: 2 * 3 * 4 * 3 }, (_, i) => i);
  const bytes = npyBytes(data, [2, 3, 4, 3]);
  const headerLen = bytes[8] | (bytes[9] << 8);
  expect((10 + headerLen) % 64).toBe(0);
  expect(readNpy(bytes)).toEqual({ data, shape: [2, 3, 4, 3] });
  expect(() => npyBytes(data, [5, 5])).toThrow(/shape 5×5 holds 25 values, got 72/);
  expect(() => readNpy(new Uint8Array(20), 'x.npy')).toThrow(/x\.npy: not a NumPy \.npy file/);
});

(numpy ? test : test.skip)('NumPy reads uint8 and float32 arrays with the same shape and values', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mf-npy-'));
  const u = Uint8Array.from({ length: 24 }, (_, i) => (i * 37) % 256);
  const f = Float32Array.from({ length: 6 }, (_, i) => i / 3 - 0.5);
  fs.writeFileSync(path.join(dir, 'u.npy'), npyBytes(u, [2, 4, 3]));
  fs.writeFileSync(path.join(dir, 'f.npy'), npyBytes(f, [6]));
  const py = spawnSync(
    'python3',
    [
      '-c',
      `import numpy as np, json; u = np.load('${dir}/u.npy'); f = np.load('${dir}/f.npy'); print(json.dumps([list(u.shape), str(u.dtype), u.flatten().tolist(), list(f.shape), str(f.dtype), f.tolist()]))`,
    ],
    { encoding: 'utf8' },
  );
  const [ushape, udtype, uvals, fshape, fdtype, fvals] = JSON.parse(py.stdout);
  expect([ushape, udtype, fshape, fdtype]).toEqual([[2, 4, 3], 'uint8', [6], 'float32']);
  expect(uvals).toEqual(Array.from(u));
  expect(fvals).toEqual(Array.from(f));
  fs.rmSync(dir, { recursive: true, force: true });
});

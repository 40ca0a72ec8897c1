import * as fs from 'fs';
import * as path from 'path';

/** A temp name beside `file`, so the final rename never crosses file systems. */
export function tempPathFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now().toString(36)}.part`);
}

/**
 * Writes `data` to `file` so that readers see the old file or the whole new one, never a half.
 * Example: `writeFileAtomic('out/song.json', text)`
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = tempPathFor(file);
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Runs `produce(tmpPath)` (which writes a file itself, e.g. ffmpeg) and renames the result into place;
 * on any failure the temp file is removed and nothing appears at `file`.
 */
export async function produceFileAtomic<T>(file: string, produce: (tmpPath: string) => Promise<T>): Promise<T> {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const ext = path.extname(file);
  const tmp = tempPathFor(file) + ext; // keep the extension: tools pick formats by it
  try {
    const result = await produce(tmp);
    fs.renameSync(tmp, file);
    return result;
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

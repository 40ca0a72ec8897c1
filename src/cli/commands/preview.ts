import { parseArgs } from 'node:util';
import { startPreview } from '../../preview';
import type { Command } from '../command';
import { parseFraming } from '../render-options';

const usage = `Usage: musicface preview CLIP.glb --audio SONG

Serves a page on this computer (127.0.0.1, a free port; the address is printed) that plays the clip
in sync with the song: a 3D view (drag to orbit, wheel to zoom), play/pause, a scrub bar, and curves
of jawOpen, head yaw and eye closure with the playhead (click the curves to jump). Open the address
in a browser; Ctrl-C stops the server. Nothing is fetched from the internet.

Options:
      --audio SONG         the song the clip was made from (mp3, wav, flac, ogg, opus, m4a)
      --framing WHAT       where the camera starts: face (default), bust (head and shoulders) or
                           full (the whole avatar, arms lowered from a T-pose)
  -h, --help               this text

Example:
  musicface animate song.mp3 -o song.glb && musicface preview song.glb --audio song.mp3
`;

/**
 * Runs the preview until `stop` fires (Ctrl-C from the command); prints the address to `out`.
 * Example: `await servePreview(['clip.glb', '--audio', 'song.mp3'], controller.signal, process.stdout)`
 */
export async function servePreview(args: string[], stop: AbortSignal, out: { write(s: string): unknown }): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { audio: { type: 'string' }, framing: { type: 'string' } },
  });
  if (positionals.length !== 1) throw new Error(`expected one CLIP.glb, got ${positionals.length}\n\n${usage}`);
  if (!values.audio) throw new Error('missing --audio SONG (the song the clip was made from)');
  const framing = parseFraming(values.framing);
  const preview = await startPreview({ clip: positionals[0], audio: values.audio, framing });
  for (const note of preview.notes) out.write(`note: ${note}\n`);
  out.write(`preview of ${positionals[0]} (clip "${preview.clipName}") with ${values.audio}:\n  ${preview.url}\nCtrl-C to stop.\n`);
  if (!stop.aborted) await new Promise((resolve) => stop.addEventListener('abort', resolve, { once: true }));
  await preview.close();
  return 0;
}

const command: Command = {
  summary: 'play a clip with its song in a local browser page',
  usage,
  // Ctrl-C (or SIGTERM, SIGHUP) is how a preview ends: the CLI's signal closes the server, exit 0.
  cancellable: true,
  async run(args, signal) {
    if (signal) return servePreview(args, signal, process.stdout);
    const controller = new AbortController();
    const onSigint = () => controller.abort();
    process.once('SIGINT', onSigint);
    try {
      return await servePreview(args, controller.signal, process.stdout);
    } finally {
      process.off('SIGINT', onSigint);
    }
  },
};
export default command;

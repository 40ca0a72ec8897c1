import type { Command } from '../command';

/**
 * Subcommands, loaded only when used so `musicface --help` stays instant.
 * Each entry: name → [one-line summary, loader].
 */
export const COMMANDS: Record<string, [string, () => Command]> = {
  animate: ['song → face track (.json, .csv, and engine formats)', () => require('./animate').default],
  batch: ['many songs → tracks, clips and videos (resumable, with a report)', () => require('./batch').default],
  corpus: ['make the synthetic singing corpus (corpus synth …)', () => require('./corpus').default],
  dataset: ['corpus → training shards (dataset build …)', () => require('./dataset').default],
  'neural-data': ["tracked videos → training pairs for a person's neural renderer", () => require('./neural-data').default],
  eval: ['score generators with the paper’s metrics', () => require('./eval').default],
  preview: ['play a clip with its song in a local browser page', () => require('./preview').default],
  render: ['song → MP4 of the face singing it', () => require('./render').default],
  separate: ['song → vocals.wav + accompaniment.wav', () => require('./separate').default],
  track: ["person's video → face track + camera (for the neural renderer)", () => require('./track').default],
  worker: ['take batch songs from a Redis queue (batch --queue) and do them', () => require('./worker').default],
};

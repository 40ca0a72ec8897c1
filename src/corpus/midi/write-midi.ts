import { withDefaults } from '../../runtime';
import type { Defaults } from '../../runtime';
/** A Standard MIDI File (type 1) writer: enough for the band and the sung melody, nothing more. */

export interface MidiNote {
  beat: number;
  beats: number;
  pitch: number;
  velocity: number;
}

export interface MidiTrack {
  name: string;
  channel: number;
  program?: number;
  /** Controller number → value, sent at time 0 (7 volume, 10 pan, 91 reverb, 93 chorus). */
  controllers?: Record<number, number>;
  notes: MidiNote[];
  /** Lyric meta events (one per sung syllable). */
  lyrics?: { beat: number; text: string }[];
}

export interface MidiSong {
  tempo: number;
  beatsPerBar: number;
  tracks: MidiTrack[];
}

export interface MidiOptions {
  /** Ticks per quarter note. */
  division?: number;
}

export const MIDI_DEFAULTS: Defaults<MidiOptions> = Object.freeze({ division: 480 });

/**
 * Song → SMF bytes: a conductor track (tempo, time signature) and one track per part.
 * Example: `fs.writeFileSync('band.mid', writeMidi({ tempo: 120, beatsPerBar: 4, tracks }))`
 */
export function writeMidi(song: MidiSong, options: MidiOptions = {}): Uint8Array {
  const { division } = withDefaults(MIDI_DEFAULTS, options);
  const chunks: number[][] = [];
  const header = [...ascii('MThd'), ...u32(6), ...u16(1), ...u16(song.tracks.length + 1), ...u16(division)];
  chunks.push(header);

  const usPerQuarter = Math.round(60_000_000 / song.tempo);
  const conductor: Event[] = [
    { tick: 0, order: 0, bytes: [0xff, 0x51, 0x03, (usPerQuarter >> 16) & 255, (usPerQuarter >> 8) & 255, usPerQuarter & 255] },
    { tick: 0, order: 0, bytes: [0xff, 0x58, 0x04, song.beatsPerBar, 2, 24, 8] },
  ];
  chunks.push(trackChunk(conductor));

  for (const t of song.tracks) {
    if (t.channel < 0 || t.channel > 15) throw new Error(`MIDI track "${t.name}": channel ${t.channel} is not 0…15`);
    const ch = t.channel;
    const name = ascii(t.name);
    const events: Event[] = [{ tick: 0, order: 0, bytes: [0xff, 0x03, ...vlq(name.length), ...name] }];
    if (t.program !== undefined) events.push({ tick: 0, order: 1, bytes: [0xc0 | ch, t.program & 127] });
    for (const [cc, v] of Object.entries(t.controllers ?? {}))
      events.push({ tick: 0, order: 1, bytes: [0xb0 | ch, Number(cc) & 127, v & 127] });
    for (const l of t.lyrics ?? []) {
      const text = ascii(l.text);
      events.push({ tick: Math.round(l.beat * division), order: 2, bytes: [0xff, 0x05, ...vlq(text.length), ...text] });
    }
    for (const n of t.notes) {
      const on = Math.round(n.beat * division);
      const off = Math.max(on + 1, Math.round((n.beat + n.beats) * division));
      const pitch = Math.max(0, Math.min(127, Math.round(n.pitch)));
      const vel = Math.max(1, Math.min(127, Math.round(n.velocity)));
      events.push({ tick: on, order: 4, bytes: [0x90 | ch, pitch, vel] });
      events.push({ tick: off, order: 3, bytes: [0x80 | ch, pitch, 0] }); // offs before ons at the same tick
    }
    chunks.push(trackChunk(events));
  }
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

interface Event {
  tick: number;
  order: number;
  bytes: number[];
}

function trackChunk(events: Event[]): number[] {
  // Stable sort by time, then kind, keeps the bytes identical for identical input.
  const sorted = events.map((e, i) => ({ e, i })).sort((a, b) => a.e.tick - b.e.tick || a.e.order - b.e.order || a.i - b.i);
  const data: number[] = [];
  let last = 0;
  for (const { e } of sorted) {
    data.push(...vlq(e.tick - last), ...e.bytes);
    last = e.tick;
  }
  data.push(0, 0xff, 0x2f, 0x00);
  return [...ascii('MTrk'), ...u32(data.length), ...data];
}

function vlq(n: number): number[] {
  const out = [n & 0x7f];
  n >>>= 7;
  while (n > 0) {
    out.unshift((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  return out;
}

const u32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const u16 = (n: number) => [(n >>> 8) & 255, n & 255];
const ascii = (s: string) => Array.from(s, (c) => c.charCodeAt(0) & 0x7f);

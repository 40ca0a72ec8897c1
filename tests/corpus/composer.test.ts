import { composeSong, VOICES } from '../../src/corpus/composer/compose-song';
import { midiToFreq } from '../../src/corpus/composer/theory';
import { bandMidi, melodyMidi } from '../../src/corpus/band/band-midi';
import { writeMidi } from '../../src/corpus/midi/write-midi';
import { singingXml } from '../../src/corpus/singer/sing-festival';

const songs = Array.from({ length: 80 }, (_, index) => composeSong({ seconds: 30, seed: 3, index }));

describe('composer', () => {
  it('is deterministic per (seed, index) and varies across songs', () => {
    expect(composeSong({ seconds: 30, seed: 3, index: 5 })).toEqual(songs[5]);
    expect(new Set(songs.map((s) => s.tempo)).size).toBeGreaterThan(20);
    expect(new Set(songs.map((s) => s.voice.name)).size).toBe(VOICES.length);
    expect(new Set(songs.map((s) => s.key.mode)).size).toBe(2);
  });

  it('writes songs a singer and a band can perform', () => {
    for (const s of songs) {
      expect(s.tempo).toBeGreaterThanOrEqual(70);
      expect(s.tempo).toBeLessThanOrEqual(160);
      // Sections tile the song from 0, in whole bars, and fit in it.
      expect(s.sections[0].start).toBe(0);
      for (let i = 1; i < s.sections.length; i++) expect(s.sections[i].start).toBeCloseTo(s.sections[i - 1].end, 9);
      expect(s.sections[s.sections.length - 1].end).toBeLessThanOrEqual(s.seconds);
      // "Background music only" parts, a climax chorus at full energy.
      expect(s.sections.some((x) => !x.vocal)).toBe(true);
      const climax = s.sections.filter((x) => x.climax);
      expect(climax).toHaveLength(1);
      expect(climax[0]).toMatchObject({ name: 'chorus', energy: 1 });
      // Notes: in the voice's range (and under Festival's 500 Hz ceiling), long enough to sing,
      // one after another, only in sung sections.
      expect(s.notes.length).toBeGreaterThan(5);
      for (const n of s.notes) {
        expect(n.midi).toBeGreaterThanOrEqual(s.voice.low);
        expect(n.midi).toBeLessThanOrEqual(s.voice.high);
        expect(n.freq).toBeCloseTo(midiToFreq(n.midi), 6);
        expect(n.freq).toBeLessThan(500);
        expect(n.end - n.start).toBeGreaterThanOrEqual(0.18);
        const sec = s.sections.find((x) => n.start >= x.start - 1e-9 && n.start < x.end - 1e-9); // 3.5999… starts the section at 3.6
        expect(sec?.vocal).toBe(true);
      }
      for (let i = 1; i < s.notes.length; i++) expect(s.notes[i].start).toBeGreaterThanOrEqual(s.notes[i - 1].end - 1e-9);
      expect(s.notes.some((n) => n.held)).toBe(true);
      // One syllable per note, in order.
      expect(s.words.reduce((a, w) => a + w.syllables, 0)).toBe(s.notes.length);
      s.words.forEach((w, wi) => {
        for (let k = 0; k < w.syllables; k++) expect(s.notes[w.firstNote + k]).toMatchObject({ word: wi, syllableInWord: k });
      });
      // A band with drums, bass and chords.
      expect(s.band.map((p) => p.name).slice(0, 3)).toEqual(['drums', 'bass', 'chords']);
    }
  });

  it("gives Festival one duration and one pitch per syllable, on the score's clock", () => {
    const s = songs[0];
    const xml = singingXml(s);
    let clock = 0;
    let note = 0;
    for (const m of xml.matchAll(/<REST SECONDS="([\d.]+)">|<DURATION SECONDS="([\d.,]+)"><PITCH FREQ="([\d.,]+)">(\w+)</g)) {
      if (m[1]) {
        clock += Number(m[1]);
        continue;
      }
      const durs = m[2].split(',').map(Number);
      const freqs = m[3].split(',').map(Number);
      expect(durs).toHaveLength(freqs.length);
      expect(m[4]).toBe(s.words[s.notes[note].word].text);
      for (let k = 0; k < durs.length; k++, note++) {
        expect(clock).toBeCloseTo(s.notes[note].start, 5);
        expect(freqs[k]).toBeCloseTo(s.notes[note].freq, 2);
        clock += durs[k];
      }
    }
    expect(note).toBe(s.notes.length);
  });
});

/** A small independent SMF reader: tracks → events with absolute ticks. */
function readSmf(bytes: Uint8Array) {
  const v = new DataView(bytes.buffer, bytes.byteOffset);
  const str = (o: number) => String.fromCharCode(...bytes.subarray(o, o + 4));
  expect(str(0)).toBe('MThd');
  const format = v.getUint16(8);
  const ntracks = v.getUint16(10);
  const division = v.getUint16(12);
  const tracks: { tick: number; status: number; data: number[] }[][] = [];
  let o = 14;
  for (let t = 0; t < ntracks; t++) {
    expect(str(o)).toBe('MTrk');
    const end = o + 8 + v.getUint32(o + 4);
    o += 8;
    const events: { tick: number; status: number; data: number[] }[] = [];
    let tick = 0;
    const vlq = () => {
      let n = 0;
      for (;;) {
        const b = bytes[o++];
        n = (n << 7) | (b & 127);
        if (!(b & 128)) return n;
      }
    };
    while (o < end) {
      tick += vlq();
      const status = bytes[o++];
      if (status === 0xff) {
        const type = bytes[o++];
        const len = vlq();
        events.push({ tick, status: 0xff00 | type, data: Array.from(bytes.subarray(o, o + len)) });
        o += len;
      } else {
        const n = (status & 0xf0) === 0xc0 ? 1 : 2;
        events.push({ tick, status, data: Array.from(bytes.subarray(o, o + n)) });
        o += n;
      }
    }
    tracks.push(events);
  }
  return { format, ntracks, division, tracks };
}

describe('MIDI writer', () => {
  it('writes the band as a type-1 file a reader gets every note back from', () => {
    const s = songs[1];
    const smf = readSmf(writeMidi(bandMidi(s)));
    expect(smf).toMatchObject({ format: 1, ntracks: s.band.length + 1, division: 480 });
    const tempo = smf.tracks[0].find((e) => e.status === 0xff51)!.data;
    expect((tempo[0] << 16) | (tempo[1] << 8) | tempo[2]).toBe(Math.round(60e6 / s.tempo));
    s.band.forEach((part, k) => {
      const ev = smf.tracks[k + 1];
      const ons = ev.filter((e) => (e.status & 0xf0) === 0x90);
      const offs = ev.filter((e) => (e.status & 0xf0) === 0x80);
      expect(ons).toHaveLength(part.notes.length);
      expect(offs).toHaveLength(part.notes.length);
      expect(ons.every((e) => (e.status & 15) === part.channel)).toBe(true);
      const firstOn = Math.min(...part.notes.map((n) => n.beat));
      expect(ons[0].tick).toBe(Math.round(firstOn * 480));
    });
  });

  it('writes the melody with one lyric event per syllable', () => {
    const s = songs[2];
    const smf = readSmf(writeMidi(melodyMidi(s)));
    const lyrics = smf.tracks[1].filter((e) => e.status === 0xff05);
    expect(lyrics).toHaveLength(s.notes.length);
    expect(String.fromCharCode(...lyrics[0].data).trim()).toBe(s.words[0].text);
  });
});

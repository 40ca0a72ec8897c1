import type { Score } from '../composer/score';
import type { MidiSong } from '../midi/write-midi';

/**
 * The band parts of a score as a MIDI song (what fluidsynth renders).
 * Example: `fs.writeFileSync('band.mid', writeMidi(bandMidi(score)))`
 */
export function bandMidi(score: Score): MidiSong {
  return {
    tempo: score.tempo,
    beatsPerBar: score.beatsPerBar,
    tracks: score.band.map((p) => ({
      name: `${p.name}: ${p.programName}`,
      channel: p.channel,
      program: p.channel === 9 ? undefined : p.program,
      controllers: { 7: p.volume, 10: p.pan, 91: p.reverb, 93: p.chorus },
      notes: p.notes,
    })),
  };
}

/**
 * The sung melody as a MIDI song with one lyric event per syllable (for reading in a DAW; not rendered).
 * Example: `fs.writeFileSync('melody.mid', writeMidi(melodyMidi(score)))`
 */
export function melodyMidi(score: Score): MidiSong {
  return {
    tempo: score.tempo,
    beatsPerBar: score.beatsPerBar,
    tracks: [
      {
        name: `vocal: ${score.voice.name}`,
        channel: 0,
        program: 52,
        notes: score.notes.map((n) => ({ beat: n.startBeat, beats: n.beats, pitch: n.midi, velocity: Math.round(20 + 107 * n.velocity) })),
        lyrics: score.notes.map((n) => {
          const w = score.words[n.word];
          const last = n.syllableInWord === w.syllables - 1;
          return { beat: n.startBeat, text: (n.syllableInWord === 0 ? w.text : '-') + (last ? ' ' : '') };
        }),
      },
    ],
  };
}

/** Decoded PCM: one Float32Array per channel, samples in [-1, 1]. Never a path. */
export interface Audio {
  sampleRate: number;
  channels: Float32Array[];
}

export function audioDuration(audio: Audio): number {
  return audio.channels.length ? audio.channels[0].length / audio.sampleRate : 0;
}

export function audioLength(audio: Audio): number {
  return audio.channels.length ? audio.channels[0].length : 0;
}

/** Average of the channels (mono input is returned as is, not copied). */
export function toMono(audio: Audio): Float32Array {
  const n = audioLength(audio);
  const k = audio.channels.length;
  if (k === 1) return audio.channels[0];
  const out = new Float32Array(n);
  if (k === 2) {
    // One pass for stereo, the common case (a loop over the channel list is ~10× slower in V8); halving
    // is exact, so the bytes equal the general path's.
    const [l, r] = audio.channels;
    for (let i = 0; i < n; i++) out[i] = (l[i] + r[i]) * 0.5;
    return out;
  }
  for (const ch of audio.channels) for (let i = 0; i < n; i++) out[i] += ch[i];
  for (let i = 0; i < n; i++) out[i] /= k;
  return out;
}

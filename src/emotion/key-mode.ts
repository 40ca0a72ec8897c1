/**
 * Key and mode from a pitch-class profile, by the Krumhansl–Schmuckler method: correlate the profile with
 * the 24 rotations of Krumhansl & Kessler's probe-tone key profiles (Krumhansl, C. L. & Kessler, E. J.
 * (1982) "Tracing the dynamic changes in perceived tonal organization in a spatial representation of
 * musical keys", Psychol. Rev. 89(4), 334–368; Krumhansl (1990) Cognitive Foundations of Musical Pitch,
 * Table 2.1 and ch. 4). Index 0 is C.
 */
export const KK_MAJOR = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88] as const;
export const KK_MINOR = [6.33, 2.68, 3.52, 5.38, 2.6, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17] as const;

function correlate(profile: ArrayLike<number>, key: readonly number[], tonic: number): number {
  let mp = 0;
  let mk = 0;
  for (let i = 0; i < 12; i++) {
    mp += profile[i];
    mk += key[i];
  }
  mp /= 12;
  mk /= 12;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < 12; i++) {
    const a = profile[(tonic + i) % 12] - mp;
    const b = key[i] - mk;
    sab += a * b;
    saa += a * a;
    sbb += b * b;
  }
  return saa > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

/** Correlation of a 12-bin profile with each major and minor key (index = tonic pitch class). */
export function keyCorrelations(profile: ArrayLike<number>): { major: number[]; minor: number[] } {
  return {
    major: Array.from({ length: 12 }, (_, t) => correlate(profile, KK_MAJOR, t)),
    minor: Array.from({ length: 12 }, (_, t) => correlate(profile, KK_MINOR, t)),
  };
}

/** The best-fitting key. Example: `bestKey(chromaSum) // { tonic: 9, mode: 'minor', r: 0.87 }` */
export function bestKey(profile: ArrayLike<number>): { tonic: number; mode: 'major' | 'minor'; r: number } {
  const { major, minor } = keyCorrelations(profile);
  let best = { tonic: 0, mode: 'major' as 'major' | 'minor', r: -2 };
  for (let t = 0; t < 12; t++) {
    if (major[t] > best.r) best = { tonic: t, mode: 'major', r: major[t] };
    if (minor[t] > best.r) best = { tonic: t, mode: 'minor', r: minor[t] };
  }
  return best;
}

/**
 * Major-versus-minor: the best major key's correlation minus the best minor key's (−2 … 2; > 0 sounds
 * major). Flat or silent profiles give 0.
 */
export function modeCue(profile: ArrayLike<number>): number {
  const { major, minor } = keyCorrelations(profile);
  return Math.max(...major) - Math.max(...minor);
}

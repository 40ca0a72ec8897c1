import { FaceTrack, trackToCsv } from '../src/track';

/**
 * FaceTrack → the project's raw CSV track (src/track/track-csv.ts is the one writer), as UTF-8 bytes.
 * For Unreal's Live Link Face layout use `exportLiveLinkCsv` (`.livelink.csv`).
 * Example: `fs.writeFileSync('song.csv', exportCsv(track))`
 */
export function exportCsv(track: FaceTrack): Uint8Array {
  return new TextEncoder().encode(trackToCsv(track));
}

import { type FaceTrack, trackToCsv } from '../src/track';

/**
 * FaceTrack → the project's raw CSV track (src/track/track-csv.ts is the one writer), as UTF-8 bytes.
 * For Unreal's Live Link Face layout use `exportLiveLink` (`.livelink.csv`).
 * Example: `fs.writeFileSync('song.csv', await exportCsv(track))`
 */
export async function exportCsv(track: FaceTrack): Promise<Uint8Array> {
  return new TextEncoder().encode(trackToCsv(track));
}

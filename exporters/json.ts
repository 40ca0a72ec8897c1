import { type FaceTrack, trackToJson } from '../src/track';

/**
 * FaceTrack → the project's JSON track (src/track/track-json.ts is the one writer), as UTF-8 bytes.
 * Example: `fs.writeFileSync('song.json', await exportJson(track))`
 */
export async function exportJson(track: FaceTrack): Promise<Uint8Array> {
  return new TextEncoder().encode(trackToJson(track));
}

/**
 * Tracking measured against the truth: the default head driven by a known performance (head turns up to
 * 20°, syllables, smiles, blinks — one eye at a time too — and a long closing), rendered by the project's
 * video renderer over a backdrop, encoded to MP4, then tracked. The thresholds are the goals.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { trackFromJson } from '../../src/track/track-json';
import { renderSyntheticSubject, syntheticTrack } from '../../src/tracking/synthetic-subject';
import { fitPaths, readFitFile, saveFit, trackVideo } from '../../src/tracking/track-video';
import { haveChromium, testIf, trackErrors } from './helpers';

testIf(haveChromium(), 'needs chromium')(
  'tracks the synthetic subject: median head-rotation error ≤ 2°, mean jawOpen and eyeBlink errors ≤ 0.1; files land beside the video',
  async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mf-synthetic-'));
    try {
      const truth = syntheticTrack({ seconds: 6 });
      const video = path.join(dir, 'subject.mp4');
      await renderSyntheticSubject(truth, video, { size: 360 });
      // The subject is the rig itself, seen by a camera that looks straight at it: no identity to learn.
      const fit = await trackVideo(video, { frontCamera: true, identity: false });
      expect(fit.found.every(Boolean)).toBe(true);
      expect(fit.track.frameCount).toBe(truth.frameCount);
      const e = trackErrors(truth, fit.track);
      expect(e.medianRotationDeg).toBeLessThanOrEqual(2);
      expect(e.meanJaw).toBeLessThanOrEqual(0.1);
      expect(e.meanBlink).toBeLessThanOrEqual(0.1);
      // A still head would score badly: the comparison itself must be sensitive.
      const still = { ...fit.track, pose: new Float32Array(fit.track.pose.length) };
      expect(trackErrors(truth, still).medianRotationDeg).toBeGreaterThan(5);

      const written = await saveFit(fit);
      expect(written).toEqual(fitPaths(video));
      const back = trackFromJson(fs.readFileSync(written.track, 'utf8'), written.track);
      expect(trackErrors(fit.track, back).medianRotationDeg).toBeLessThan(0.01);
      const file = readFitFile(written.fit);
      expect(file).toMatchObject({ format: 'musicface-person-fit', width: 360, height: 360, fps: 30, frames: truth.frameCount });
      expect(file.landmarks.filter(Boolean).length).toBe(truth.frameCount);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
  300000,
);

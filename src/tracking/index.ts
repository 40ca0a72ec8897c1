/** A person's video → FaceTrack + camera (`musicface track`). */
export { type PersonFitFile, fitPaths, readFitFile, saveFit, trackVideos } from './track-video';

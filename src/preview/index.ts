/** The local web preview of a clip with its song. */
export { type PreviewOptions, startPreview } from './preview-server';

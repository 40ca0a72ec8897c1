/** The per-person neural renderer: conditioning, training pairs, ONNX inference streamed to MP4. */
export { type NeuralRenderer, loadNeuralRenderer } from './neural-renderer';
export { renderNeuralVideo } from './render-neural-video';
export { buildNeuralData } from './training-data';

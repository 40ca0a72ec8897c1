/** Voice/band separation: the Separator interface, the built-in and learned separators, plug-ins, SDR. */
export { DEFAULT_SEPARATOR, SEPARATOR_SPEC_HELP, createSeparator } from './create-separator';
export { realFft } from './fft';
export type { SeparateOptions, SeparationStream, Separator, Stems } from './separator';
export { stemsFromFiles } from './stems-from-files';
export { hannWindow, istft, stft } from './stft';

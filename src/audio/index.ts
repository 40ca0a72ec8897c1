export { type Audio, audioDuration, audioLength, toMono } from './audio';
export { AudioFileError } from './audio-file-error';
export { decodeAudio, streamAudio, type DecodeOptions, type StreamOptions } from './decode';
export { encodeWav, type EncodeWavOptions } from './encode-wav';
export { ffmpegPath } from './ffmpeg-binary';
export { probeAudio, type AudioInfo } from './probe';
export { resample, Resampler, designResampleFilter, RESAMPLE_DEFAULTS, type ResampleOptions } from './resample';
export { toMono16k, FEATURE_SAMPLE_RATE } from './to-mono-16k';

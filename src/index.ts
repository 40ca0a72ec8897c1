export * from './track/index';
export type { Audio } from './audio/audio';
export type { Stems, Separator } from './separation/separator';

/** The paper's metrics and `musicface eval` (synthetic test split and real multitracks). */
export { evaluate, scoresToMarkdown } from './evaluate';
export { type LivelinessStats, livelinessStats } from './liveliness';
export { evaluateRealSongs, realScoresToMarkdown } from './real-songs';

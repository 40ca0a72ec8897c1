export * from './arkit';
export * from './face-track';
export * from './validate';
export * from './track-json';
export * from './track-csv';
export * from './resample-track';
export * from './eye-closures';
export * from './eye-state';

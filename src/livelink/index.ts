/**
 * Live Link Face takes (Epic's iPhone app): the column tables, timecodes and the reader. The exporter
 * (exporters/livelink-csv.ts) writes takes with them; the dataset reads real takes with them.
 */
export * from './read-take';
export * from './tables';
export * from './timecode';

/** Corpus → training shards (the same separator and feature code as inference). */
export { addTake } from './add-take';
export { buildShards } from './build-shards';

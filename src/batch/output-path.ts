import * as path from 'node:path';
import { type ExportFormat, FORMATS, extensionOf } from '../../exporters';
import type { BatchItem } from './batch-items';

/** An output of a batch: any export format, or the rendered video. */
export type BatchFormat = ExportFormat | 'mp4';

export const BATCH_FORMATS: readonly BatchFormat[] = [...FORMATS.map((f) => f.name), 'mp4'];

/** The file an item's format is written to. */
export function outputPath(out: string, item: BatchItem, format: BatchFormat): string {
  return path.join(out, item.name + (format === 'mp4' ? '.mp4' : extensionOf(format)));
}

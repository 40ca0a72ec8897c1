import { InvalidOptionError } from '../../runtime';
/** The queue every `batch --queue` and `worker` uses unless told another. */
export const DEFAULT_QUEUE_NAME = 'musicface';

/**
 * `redis://[USER:PASSWORD@]HOST[:PORT][/DB]` (or `rediss://` for TLS) → the URL, checked; a bad one
 * throws one sentence naming it.
 */
export function checkRedisUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new InvalidOptionError('queue', url, { message: `--queue ${url}: not a Redis URL; give redis://HOST:PORT[/DB]` });
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:')
    throw new InvalidOptionError('queue', url, { message: `--queue ${url}: not a Redis URL (it must start with redis:// or rediss://)` });
  if (!u.hostname) throw new InvalidOptionError('queue', url, { message: `--queue ${url}: no host; give redis://HOST:PORT[/DB]` });
  const db = u.pathname.replace(/^\//, '');
  if (db && !/^\d+$/.test(db))
    throw new InvalidOptionError('queue', url, { message: `--queue ${url}: the database after the port must be a number, got "${db}"` });
  return url;
}

/** The URL without a password, for messages. */
export function showRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}

/** BullMQ connection options for `url`: commands wait through an outage (workers reconnect by themselves). */
export function connectionFor(url: string): { url: string; maxRetriesPerRequest: null } {
  return { url: checkRedisUrl(url), maxRetriesPerRequest: null };
}

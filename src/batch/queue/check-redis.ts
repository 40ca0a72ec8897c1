import { Redis } from 'ioredis';
import { checkRedisUrl, showRedisUrl } from './redis-url';
import { BatchError } from '../../runtime';

/** Seconds `checkRedis` waits for an answer before it says the server cannot be reached. */
const CONNECT_SECONDS = 3;

/**
 * Answers within a few seconds whether Redis at `url` is there: throws one sentence (the URL and the
 * reason) when it is not, so a wrong --queue never hangs. BullMQ's own connections retry forever.
 */
export async function checkRedis(url: string): Promise<void> {
  checkRedisUrl(url);
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: CONNECT_SECONDS * 1000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
    // ioredis arms this timer on disconnect even when the socket already closed: keep it short, or a
    // failed check holds the process 2 s.
    disconnectTimeout: 100,
  });
  let lastError: Error | undefined;
  client.on('error', (e: Error) => (lastError = e)); // reported below, once
  try {
    await client.connect();
    await client.ping();
  } catch (e) {
    const why = (lastError ?? (e as Error)).message.split('\n')[0];
    throw new BatchError(`cannot reach Redis at ${showRedisUrl(url)} (${why}); start redis-server there or fix --queue`);
  } finally {
    client.disconnect();
  }
}

/**
 * A real redis-server for the queue tests and `bench:queue`, on a free port with its data in a temp folder
 * and append-only persistence on (as the README asks of a studio's Redis), so a restart keeps the queue.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as net from 'node:net';

export const haveRedis = (): boolean => spawnSync('redis-server', ['--version']).status === 0;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export class RedisServer {
  private proc: ChildProcess | null = null;
  private constructor(
    readonly port: number,
    private readonly dir: string,
    /** fsync every write (the restart tests) or once a second (Redis's default, as a studio runs it). */
    private readonly fsync: 'always' | 'everysec',
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(dir: string, fsync: 'always' | 'everysec' = 'always'): Promise<RedisServer> {
    const r = new RedisServer(await freePort(), dir, fsync);
    await r.start();
    return r;
  }

  /** Starts the server (again, on the same port and data) and waits until it accepts connections. */
  async start(): Promise<void> {
    const args = [
      '--port',
      String(this.port),
      '--bind',
      '127.0.0.1',
      '--dir',
      this.dir,
      '--appendonly',
      'yes',
      '--appendfsync',
      this.fsync,
      '--save',
      '',
      '--daemonize',
      'no',
      '--protected-mode',
      'no',
    ];
    const p = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc = p;
    let log = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server did not start in 10 s:\n${log}`)), 10_000);
      p.stdout!.on('data', (d) => {
        log += d;
        if (/Ready to accept connections/.test(log)) {
          clearTimeout(timer);
          resolve();
        }
      });
      p.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited (${code}):\n${log}`));
      });
    });
    p.removeAllListeners('exit');
  }

  /** Stops the server the way a service manager does (SIGTERM: it finishes its append-only file). */
  async stop(): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null) return;
    this.proc = null;
    await new Promise<void>((resolve) => {
      p.once('exit', () => resolve());
      p.kill('SIGTERM');
    });
  }
}

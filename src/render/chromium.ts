import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { CdpPage, CdpPipe } from './cdp-pipe';
import { type Defaults, onCleanup, ToolError } from '../runtime';

/**
 * Which GL the headless browser renders with.
 *  - 'llvmpipe': ANGLE on the system's EGL (Mesa's llvmpipe on a machine without a GPU, the GPU's
 *    driver where there is one). Measured about twice as fast as SwiftShader at 512² on 2 cores.
 *  - 'swiftshader': Chromium's own software Vulkan; works everywhere Chromium does.
 *  - 'auto': llvmpipe, falling back to swiftshader when the page cannot get WebGL 2 there.
 */
export type GlBackend = 'auto' | 'llvmpipe' | 'swiftshader';

export interface BrowserOptions {
  /** Chromium/Chrome executable; default: MUSICFACE_CHROMIUM, then the usual install locations. */
  executablePath?: string;
  gl?: GlBackend;
}

export const BROWSER_DEFAULTS: Defaults<Omit<BrowserOptions, 'executablePath'>> = Object.freeze({ gl: 'auto' });

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
];

/**
 * The browser to render with: `explicit`, else $MUSICFACE_CHROMIUM, else a system Chromium/Chrome, else
 * the one Playwright installed (if any). Throws one sentence saying how to get one.
 * Example: `findChromium() // '/usr/bin/chromium'`
 */
export function findChromium(explicit?: string): string {
  const wanted = explicit ?? process.env.MUSICFACE_CHROMIUM;
  if (wanted) {
    if (!fs.existsSync(wanted))
      throw new ToolError(`the browser ${wanted} does not exist (set by ${explicit ? 'the chromium option' : 'MUSICFACE_CHROMIUM'})`, {
        file: wanted,
      });
    return wanted;
  }
  for (const c of CANDIDATES) if (fs.existsSync(c)) return c;
  try {
    const p = require('playwright-core').chromium.executablePath() as string;
    if (p && fs.existsSync(p)) return p;
  } catch {
    // playwright has no browser of its own here
  }
  throw new ToolError(
    'rendering needs Chromium or Google Chrome and none was found; install it (Debian/Ubuntu: apt-get install chromium) ' +
      'or set MUSICFACE_CHROMIUM to its executable',
  );
}

const COMMON_FLAGS = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-extensions',
  '--disable-default-apps',
  '--mute-audio',
  // The renderer calls gc() after each chunk: upload bodies live outside the JS heap, so V8 sees no
  // pressure and (measured) kept every 30 MB chunk, growing 30 MB/s, until told to collect.
  '--js-flags=--expose-gc',
  '--autoplay-policy=no-user-gesture-required',
  // Keep rendering at full speed in a page nobody looks at.
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];

/** Command-line flags MusicFace starts Chromium with (besides the profile and DevTools pipe). */
export function chromiumArgs(gl: Exclude<GlBackend, 'auto'>): string[] {
  return [...COMMON_FLAGS, ...glFlags(gl)];
}

export function glFlags(gl: Exclude<GlBackend, 'auto'>): string[] {
  return gl === 'llvmpipe'
    ? ['--use-angle=gl-egl', '--ignore-gpu-blocklist']
    : ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-gpu'];
}

export interface Browser {
  page: CdpPage;
  gl: Exclude<GlBackend, 'auto'>;
  /** Last lines Chromium printed (for error messages). */
  log(): string;
  close(): Promise<void>;
}

/**
 * Starts headless Chromium (a throwaway profile) with one page, driven over the DevTools pipe.
 * Example: `const b = await launchBrowser({ gl: 'swiftshader' }); await b.page.goto(url); await b.close()`
 */
export async function launchBrowser(options: BrowserOptions & { gl: Exclude<GlBackend, 'auto'> }): Promise<Browser> {
  const executablePath = findChromium(options.executablePath);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'musicface-chromium-'));
  const args = [
    '--headless',
    '--remote-debugging-pipe',
    `--user-data-dir=${profile}`,
    ...COMMON_FLAGS,
    ...glFlags(options.gl),
    'about:blank',
  ];
  // Its own process group, so that a stop can end the browser and all its helpers at once.
  // Chromium's own temp folders (org.chromium.Chromium.*) go inside the profile, which is removed after.
  const tmp = path.join(profile, 'tmp');
  fs.mkdirSync(tmp);
  const env = { ...process.env, TMPDIR: tmp };
  const proc = spawn(executablePath, args, { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'], detached: true, env });
  const killGroup = () => {
    try {
      if (proc.pid) process.kill(-proc.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  // If this process is stopped by a signal: end the browser, then remove its profile.
  const forget = onCleanup(() => {
    killGroup();
    fs.rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  });
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const cleanup = async () => {
    if (proc.exitCode === null && proc.signalCode === null) {
      proc.kill('SIGTERM');
      const killer = setTimeout(() => proc.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(killer);
    }
    killGroup(); // helpers that outlived the browser
    // Helper processes may still be flushing into the profile for a moment after the browser exits.
    try {
      fs.rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    } catch {
      // a leftover folder in the temp directory is not worth failing a finished render for
    }
    forget();
  };
  try {
    const spawned = await Promise.race([
      new Promise<Error>((resolve) => proc.once('error', resolve)),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 50)),
    ]);
    if (spawned) throw spawned;
    const cdp = CdpPipe.fromProcess(proc);
    const page = await Promise.race([
      CdpPage.open(cdp),
      exited.then(() => Promise.reject(new Error(`it exited: ${stderr.trim().split('\n').pop() ?? ''}`))),
    ]);
    return {
      page,
      gl: options.gl,
      log: () => stderr,
      close: async () => {
        await Promise.race([cdp.send('Browser.close').catch(() => {}), new Promise((r) => setTimeout(r, 2000))]);
        await cleanup();
      },
    };
  } catch (e) {
    await cleanup();
    throw new ToolError(`cannot start the browser ${executablePath}: ${String((e as Error).message).split('\n')[0]}`);
  }
}

import { spawn, type ChildProcess } from 'node:child_process';
import type { Page } from 'playwright-core';

/** The built web host (out/main/serve.js) in a process of its own, resolved once it is ready. */
export async function startHost(port: number, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['out/main/serve.js', '--port', String(port)], {
    env: { ...process.env, GCS_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready at')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`web host exited with ${code}`)));
  });
  return child;
}

export async function stopHost(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

/** The page's animation frames per second, one figure per second for `seconds` seconds. */
export async function framesPerSecond(page: Page, seconds: number): Promise<number[]> {
  return page.evaluate(
    (s) =>
      new Promise<number[]>((resolve) => {
        const perSecond: number[] = [];
        let count = 0;
        let secondStart = performance.now();
        const tick = (now: number) => {
          count++;
          if (now - secondStart >= 1000) {
            perSecond.push((count * 1000) / (now - secondStart));
            count = 0;
            secondStart = now;
          }
          if (perSecond.length < s) requestAnimationFrame(tick);
          else resolve(perSecond);
        };
        requestAnimationFrame(tick);
      }),
    seconds,
  );
}

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Nearest-rank percentile. */
export const percentile = (xs: readonly number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil(p * s.length) - 1)] ?? Number.NaN;
};

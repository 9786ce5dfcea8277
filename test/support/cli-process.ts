import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * The real CLI (src/cli/main.ts, as bin/cloudsso.js runs it from dist/) in a child process of its
 * own, compiled on the fly by tsx, so tests need no build: for signals, stdout that is a pipe,
 * and a second process beside a running server.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const ENTRY = resolve(import.meta.dirname, 'cli-entry.ts');

export interface CliProcess {
  readonly child: ChildProcess;
  /** stdout so far */
  stdout(): string;
  stderr(): string;
  /** Resolves when stdout contains `text`. */
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code (or the signal) once the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The environment without any CLOUDSSO_* setting of the test run, plus `env`. */
export function cleanEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CLOUDSSO_')));
  return { ...clean, ...env };
}

export function spawnCli(args: readonly string[], env: Record<string, string>): CliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, ...args], { cwd: ROOT, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    for (const w of [...waiters]) if (out.includes(w.text)) w.resolve();
  });
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => child.on('exit', (code, signal) => res({ code, signal })));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor(text, timeoutMs = 120_000) {
      if (out.includes(text)) return Promise.resolve();
      return new Promise((res, rej) => {
        const timer = setTimeout(() => rej(new Error(`"${text}" not printed within ${timeoutMs} ms; stdout: ${out}; stderr: ${err}`)), timeoutMs);
        const w = {
          text,
          resolve: () => {
            clearTimeout(timer);
            waiters.splice(waiters.indexOf(w), 1);
            res();
          },
        };
        waiters.push(w);
        void exited.then(() => {
          clearTimeout(timer);
          if (!out.includes(text)) rej(new Error(`exited before printing "${text}"; stdout: ${out}; stderr: ${err}`));
        });
      });
    },
  };
}

/** Runs the CLI to completion. */
export async function runCli(args: readonly string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const p = spawnCli(args, env);
  const { code } = await p.exited;
  return { code, stdout: p.stdout(), stderr: p.stderr() };
}

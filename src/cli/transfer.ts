import { closeSync, existsSync, openSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { loadConfig, parseFlags } from '../config.js';
import { exportDirectory, TransferError } from '../core/directory-transfer.js';
import { describeChanges, readTransferFile, runImport } from '../directory-import.js';
import { openRuntime } from '../runtime.js';

/**
 * `cloudsso export` and `cloudsso import`: directory data as one JSON document
 * (docs/decisions/0185). Both open the store directly, as `cloudsso backup` does, with the
 * server running or not, and go through the core's functions: each write is checked and audited
 * as through the API, and assignments submit their provisioning tasks.
 */
export class TransferUsageError extends Error {}

interface Io {
  readonly out: (s: string) => void;
  readonly err: (s: string) => void;
}

function take(args: string[], flag: string): string | undefined {
  const i = args.findIndex((a) => a === flag || a.startsWith(`${flag}=`));
  if (i < 0) return undefined;
  const a = args[i] ?? '';
  const value = a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[i + 1];
  if (value === undefined || value === '') throw new TransferUsageError(`Option ${flag} needs a value.`);
  args.splice(i, a.includes('=') ? 1 : 2);
  return value;
}

export async function exportCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = [...argv];
  const directoryId = take(args, '--directory');
  const outFile = take(args, '--out');
  const config = loadConfig(process.env, parseFlags(args));
  const runtime = await openRuntime(config);
  try {
    let id = directoryId;
    if (id === undefined) {
      const all = await runtime.core.store.directories.list();
      if (all.length !== 1) {
        io.err(all.length === 0 ? 'There is no directory to export.' : `There are ${all.length} directories; name one with --directory ID (${all.map((d) => d.id).join(', ')}).`);
        return 2;
      }
      id = all[0]?.id ?? '';
    }
    const doc = await exportDirectory(runtime.core, id).catch((err: unknown) => {
      throw new TransferUsageError((err as Error).message);
    });
    const text = `${JSON.stringify(doc, null, 2)}\n`;
    if (outFile === undefined) {
      io.out(text.trimEnd());
      return 0;
    }
    const target = resolve(outFile);
    if (!existsSync(dirname(target))) throw new TransferUsageError(`The folder ${dirname(target)} does not exist.`);
    if (existsSync(target)) throw new TransferUsageError(`${target} exists; choose a new file name (an export never overwrites).`);
    // Directory data (names, email addresses): owner-only, like the database.
    const fd = openSync(target, 'wx', 0o600);
    try {
      writeSync(fd, text);
    } finally {
      closeSync(fd);
    }
    io.out(
      `Exported directory ${doc.directory.name} (${id}) to ${target} (mode 0600): ${doc.users.length} users, ${doc.groups.length} groups, ` +
        `${doc.memberships.length} memberships, ${doc.accessConfigurations.length} access configurations, ${doc.accessAssignments.length} assignments.`,
    );
    return 0;
  } finally {
    await runtime.close();
  }
}

export async function importCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = [...argv];
  const dryRun = args.includes('--dry-run');
  if (dryRun) args.splice(args.indexOf('--dry-run'), 1);
  const directoryId = take(args, '--directory');
  const file = args[0] !== undefined && !args[0].startsWith('-') ? args.shift() : undefined;
  if (file === undefined) throw new TransferUsageError('usage: cloudsso import <file> [--dry-run] [--directory ID] [--data-dir DIR | --database-url URL]');
  const config = loadConfig(process.env, parseFlags(args));
  let doc;
  try {
    doc = readTransferFile(file);
  } catch (err) {
    if (err instanceof TransferError) {
      io.err(err.message);
      return 1;
    }
    throw err;
  }
  const runtime = await openRuntime(config);
  try {
    const run = await runImport(runtime.core, doc, { dryRun, ...(directoryId !== undefined ? { directoryId } : {}), log: io.out });
    for (const line of describeChanges(run.changes, dryRun)) io.out(line);
    for (const f of run.failedTasks) io.err(`Task ${f.taskId} failed: ${f.reason}`);
    return run.failedTasks.length > 0 ? 1 : 0;
  } catch (err) {
    if (err instanceof TransferError) {
      io.err(err.message);
      return 1;
    }
    throw err;
  } finally {
    await runtime.close();
  }
}

import { readFileSync, statSync } from 'node:fs';
import type { CoreContext } from './core/context.js';
import {
  importDirectory,
  MAX_TRANSFER_BYTES,
  parseTransferDocument,
  TransferError,
  type ImportChange,
  type ImportOptions,
  type TransferDocument,
} from './core/directory-transfer.js';
import { taskHandlers as defaultTaskHandlers } from './core/task-handlers.js';
import { createTaskRunner, type TaskRunner } from './core/task-runner.js';
import type { TaskHandler, TaskType } from './core/tasks.js';

/**
 * Imports a document the way `cloudsso import` and CLOUDSSO_SEED_FILE do (docs/decisions/0185):
 * the directory data in one transaction, then the assignments whose access configuration and
 * account already had a task in flight, wave after wave, each once the tasks before it have ended.
 * A task runner of this process runs the tasks meanwhile (beside any server's: they share the
 * work through leases), so an assignment is provisioned when this returns.
 */

/** Reads a document file, refusing one larger than the import accepts before reading it. */
export function readTransferFile(path: string): TransferDocument {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (err) {
    throw new TransferError([{ path: '$', reason: `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` }]);
  }
  if (size > MAX_TRANSFER_BYTES) throw new TransferError([{ path: '$', reason: `${path} has ${size} bytes; at most ${MAX_TRANSFER_BYTES} are accepted` }]);
  return parseTransferDocument(readFileSync(path, 'utf8'));
}

export interface ImportRun {
  readonly directoryId: string;
  readonly changes: readonly ImportChange[];
  /** Tasks the import submitted and that ended Failed, with their reasons. */
  readonly failedTasks: ReadonlyArray<{ taskId: string; reason: string }>;
}

export interface ImportRunOptions extends ImportOptions {
  readonly taskHandlers?: Partial<Record<TaskType, TaskHandler>>;
  /** How long to wait for the import's tasks, all waves together (default 10 minutes). */
  readonly waveTimeoutMs?: number;
  readonly log?: (line: string) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runImport(ctx: CoreContext, doc: TransferDocument, opts: ImportRunOptions = {}): Promise<ImportRun> {
  const first = await importDirectory(ctx, doc, opts);
  if (opts.dryRun || (first.taskIds.length === 0 && first.deferred.length === 0)) return { directoryId: first.directoryId, changes: first.changes, failedTasks: [] };
  const silent = () => undefined;
  const runner: TaskRunner = createTaskRunner(ctx, {
    handlers: opts.taskHandlers ?? defaultTaskHandlers,
    log: { info: silent, warn: silent, error: silent },
    pollMs: 200,
  });
  runner.start();
  const failedTasks: Array<{ taskId: string; reason: string }> = [];
  try {
    let result = first;
    const options = { ...opts, directoryId: first.directoryId };
    const deadline = Date.now() + (opts.waveTimeoutMs ?? 600_000);
    for (;;) {
      for (const taskId of result.taskIds) {
        for (;;) {
          runner.kick();
          const t = await ctx.store.tasks.get(first.directoryId, taskId);
          if (!t || t.status !== 'InProgress') {
            if (t?.status === 'Failed') failedTasks.push({ taskId, reason: t.failureReason ?? 'unknown' });
            break;
          }
          if (Date.now() > deadline) throw new Error(`Task ${taskId} of the import has not ended after ${opts.waveTimeoutMs ?? 600_000} ms; the import stopped waiting (importing again resumes it).`);
          await sleep(100);
        }
      }
      if (result.deferred.length === 0) break;
      opts.log?.(`${result.deferred.length} assignment(s) wait for a task on the same access configuration and account; submitting them now.`);
      const next = await importDirectory(ctx, doc, options);
      if (next.taskIds.length === 0 && next.deferred.length > 0) {
        // Tasks of someone else are in flight on those pairs: wait for them.
        if (Date.now() > deadline) throw new Error(`Assignments still wait for tasks of another caller after ${opts.waveTimeoutMs ?? 600_000} ms; import again once they have ended.`);
        await sleep(500);
      }
      result = next;
    }
  } finally {
    await runner.stop(5_000);
  }
  return { directoryId: first.directoryId, changes: first.changes, failedTasks };
}

/** What a dry run or an import prints: one line per change, then a summary. */
export function describeChanges(changes: readonly ImportChange[], dryRun: boolean): string[] {
  const lines = changes.map((c) => `${dryRun ? 'would ' : ''}${c.kind} ${c.path}: ${c.what}`);
  const created = changes.filter((c) => c.kind === 'create').length;
  const updated = changes.length - created;
  lines.push(
    changes.length === 0
      ? 'Nothing to change: the directory already matches the document.'
      : `${dryRun ? 'Would make' : 'Made'} ${changes.length} change(s): ${created} created, ${updated} updated.${dryRun ? ' Nothing was written (dry run).' : ''}`,
  );
  return lines;
}

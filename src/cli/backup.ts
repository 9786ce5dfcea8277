import { closeSync, existsSync, openSync, renameSync, rmSync, statSync, chmodSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';

/**
 * `cloudsso backup <file>` and `cloudsso restore <file>` for the SQLite store.
 *
 * Backup uses SQLite's online backup API (through better-sqlite3) on a connection of its own:
 * safe while the server writes, WAL included (the copy is the database as of one moment, with
 * every transaction committed before it, in one file without a -wal). Restore refuses while any
 * process has the database open, and keeps the replaced file beside it.
 */
export class BackupError extends Error {}

export interface BackupResult {
  readonly file: string;
  readonly pages: number;
  readonly bytes: number;
}

export async function backupSqlite(dbPath: string, file: string): Promise<BackupResult> {
  const target = resolve(file);
  if (!existsSync(dbPath)) throw new BackupError(`No SQLite database at ${dbPath}: check CLOUDSSO_DATA_DIR (--data-dir).`);
  if (existsSync(target)) throw new BackupError(`${target} exists; choose a new file name (a backup never overwrites).`);
  if (!existsSync(dirname(target))) throw new BackupError(`The folder ${dirname(target)} does not exist.`);
  // The backup holds password hashes and encrypted secrets: owner-only, like the database.
  closeSync(openSync(target, 'wx', 0o600));
  const source = new SQLite(dbPath, { readonly: true, fileMustExist: true, timeout: 5000 });
  try {
    // The first step copies 100 pages; then everything in one step, so the copy is a single
    // read transaction: consistent, and never restarted by the server's writes.
    const { totalPages } = await source.backup(target, { progress: () => 1_000_000_000 });
    const check = new SQLite(target, { readonly: true });
    try {
      const result = check.pragma('integrity_check', { simple: true });
      if (result !== 'ok') throw new BackupError(`The backup failed its integrity check: ${String(result)}`);
    } finally {
      check.close();
    }
    chmodSync(target, 0o600);
    return { file: target, pages: totalPages, bytes: statSync(target).size };
  } catch (err) {
    rmSync(target, { force: true });
    throw err;
  } finally {
    source.close();
  }
}

export interface RestoreResult {
  readonly replaced: string | undefined;
}

/** Replaces the database at dbPath with the backup `file`; refuses while the database is in use. */
export async function restoreSqlite(dbPath: string, file: string, now: Date = new Date()): Promise<RestoreResult> {
  const from = resolve(file);
  if (!existsSync(from)) throw new BackupError(`No backup at ${from}.`);
  // Check the backup before touching anything: a SQLite file of this program that is intact.
  let backup: SQLite.Database;
  try {
    backup = new SQLite(from, { readonly: true, fileMustExist: true });
    const result = backup.pragma('integrity_check', { simple: true });
    if (result !== 'ok') throw new BackupError(`${from} failed its integrity check: ${String(result)}`);
    const migrations = backup.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'").get();
    if (!migrations) throw new BackupError(`${from} is not an Open CloudSSO database (it has no migration table).`);
  } catch (err) {
    if (err instanceof BackupError) throw err;
    throw new BackupError(`${from} is not a readable SQLite database (${(err as Error).message}).`);
  }

  const tmp = join(dirname(dbPath), `.restore-${process.pid}.db`);
  rmSync(tmp, { force: true });
  try {
    closeSync(openSync(tmp, 'wx', 0o600));
    await backup.backup(tmp, { progress: () => 1_000_000_000 });
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  } finally {
    backup.close();
  }

  let replaced: string | undefined;
  if (existsSync(dbPath)) {
    // While any process has the database open (a running server), an exclusive lock is refused.
    const current = new SQLite(dbPath, { fileMustExist: true, timeout: 0 });
    try {
      current.pragma('locking_mode = EXCLUSIVE');
      current.exec('BEGIN EXCLUSIVE');
      current.exec('COMMIT');
      // Fold the WAL into the file, so the copy kept aside is complete on its own.
      current.pragma('wal_checkpoint(TRUNCATE)');
    } catch (err) {
      rmSync(tmp, { force: true });
      if ((err as { code?: string }).code === 'SQLITE_BUSY') {
        throw new BackupError(`${dbPath} is in use (is the server running?). Stop every process that uses it, then restore.`);
      }
      throw err;
    } finally {
      current.close();
    }
    replaced = `${dbPath}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
    renameSync(dbPath, replaced);
  }
  // A -wal or -shm left from the replaced database must never be applied to the restored one.
  for (const suffix of ['-wal', '-shm']) rmSync(dbPath + suffix, { force: true });
  renameSync(tmp, dbPath);
  return { replaced };
}

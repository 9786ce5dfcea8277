import type { CoreContext } from '../context.js';
import type { Store } from '../ports/store.js';
import { recordAudit } from '../audit.js';
import { lockDirectory } from '../directories.js';
import type { Provenance } from '../provenance.js';

type Doc = Record<string, unknown>;

export interface SettingsChange<T> {
  /** The settings document to store, or undefined to leave it as it is. */
  readonly settings?: Doc;
  readonly result: T;
}

/**
 * One sign-in settings write: in one transaction, lock the directory, read its settings, let
 * `change` decide (and touch the sign-in tables through `tx`), store the document, and record one
 * audit event for `action`.
 */
export async function changeSignInSettings<T>(
  ctx: CoreContext,
  directoryId: string,
  p: Provenance,
  action: string,
  change: (settings: Doc, tx: Store) => Promise<SettingsChange<T>>,
  resource: { type: string; id: string } = { type: 'directory', id: directoryId },
): Promise<T> {
  return ctx.store.transaction(async (tx) => {
    await lockDirectory(tx, directoryId);
    const settings = await tx.directories.getSettings(directoryId);
    const out = await change(settings, tx);
    if (out.settings) await tx.directories.setSettings(directoryId, out.settings);
    await recordAudit(tx, ctx, p, { directoryId, action, resourceType: resource.type, resourceId: resource.id });
    return out.result;
  });
}

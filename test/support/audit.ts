import { expect } from 'vitest';
import { DEFAULT_QUOTAS, type CoreContext } from '../../src/core/context.js';
import type { AuditEvent, Store, StoredAuditEvent } from '../../src/core/ports/store.js';
import { createSecretBox } from '../../src/core/secret-box.js';
import { systemClock } from '../../src/core/time.js';
import type { RegisteredAction } from '../../src/rpc/action.js';
import { parameterParser } from '../../src/rpc/params.js';
import type { Product } from '../../src/rpc/product.js';
import type { DbHandle } from '../../src/store/db.js';
import { createStore } from '../../src/store/kysely-store.js';
import { fromRow } from '../../src/store/repos/audit.js';

/**
 * The audit trail's contract, checked per product: every write action leaves exactly one audit
 * row, written in the write's own transaction. The second half is checked by forcing a failure
 * right after the audit row is inserted: the write and its row must both vanish.
 */

export const ROOT_ACTOR = { type: 'access-key', id: 'LTAIauditroot' } as const;

export function coreOn(handle: DbHandle): CoreContext {
  return {
    store: createStore(handle.db, handle.dialect),
    clock: systemClock,
    settings: { regionId: 'cn-shanghai', accountId: '1234567890123456', quotas: { ...DEFAULT_QUOTAS, directories: 100 } },
    secretBox: createSecretBox('audit-test-master-key-0123456789'),
  };
}

export class ForcedFailure extends Error {
  constructor() {
    super('forced failure after the audit insert');
  }
}

/**
 * The same core over a store whose audit insert succeeds and then throws, in or out of a
 * transaction. A write whose row is not in its own transaction leaves that row behind; a write
 * whose change is not in the row's transaction leaves the change behind.
 */
export function failingAfterAudit(ctx: CoreContext): CoreContext {
  const wrap = (store: Store): Store => {
    // Taken now: failAfterAuditIn puts the wrapped functions on the very object wrapped.
    const { transaction } = store;
    const { record, recordChange } = store.audit;
    const { writeMembers } = store.groups;
    // The one-statement writes (PostgreSQL) write their change and audit row in one statement,
    // which no failure can split: while failing, they take the transactions these tests check.
    const { oneStatement: _oneStatement, ...rest } = store;
    return {
      ...rest,
      audit: {
        ...store.audit,
        async record(e) {
          await record(e);
          throw new ForcedFailure();
        },
        async recordChange(e) {
          await recordChange(e);
          throw new ForcedFailure();
        },
      },
      // A member change writes its audit row with the change (decision 0207): it fails once that is written.
      groups: {
        ...store.groups,
        async writeMembers(c, a) {
          const written = await writeMembers(c, a);
          if (written) throw new ForcedFailure();
          return written;
        },
      },
      transaction: (fn) => transaction((tx) => fn(wrap(tx))),
    };
  };
  return { ...ctx, store: wrap(ctx.store) };
}

const TABLES = [
  'directories',
  'scim_credentials',
  'users',
  'groups',
  'group_members',
  'tags',
  'password_history',
  'ram_users',
  'ram_groups',
  'ram_group_members',
  'access_keys',
  'ram_policies',
  'ram_policy_attachments',
  'ram_roles',
  'ram_saml_providers',
  'sts_credentials',
  'resource_directories',
  'accounts',
  'saml_idp_certificates',
  'saml_sp_keys',
  'mfa_devices',
  'user_mfa_settings',
  'access_configurations',
  'access_configuration_policies',
  'access_assignments',
  'access_provisionings',
  'tasks',
  'cloudsso_service',
  'cloudsso_delegate_accounts',
  'user_provisionings',
  'user_provisioning_ram_users',
  'user_provisioning_events',
  'user_provisioning_configs',
  'audit_events',
] as const;

/** Every row of every table that holds state, in a stable order: equal snapshots, equal databases. */
export async function snapshot(handle: DbHandle, opts: { withFailedCalls?: boolean } = {}): Promise<string> {
  const out: Record<string, unknown[]> = {};
  for (const t of TABLES) {
    let rows: unknown[] = await handle.db.selectFrom(t).selectAll().execute();
    // An edge records a failed call itself, outside any write's transaction (docs/decisions/0055).
    if (t === 'audit_events' && opts.withFailedCalls === false) rows = rows.filter((r) => (r as { error_code: string | null }).error_code === null);
    out[t] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return JSON.stringify(out);
}

export async function auditCount(handle: DbHandle): Promise<number> {
  const r = await handle.db.selectFrom('audit_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The audit rows a request left, read as the store reads them. */
export async function auditOf(handle: DbHandle, requestId: string): Promise<StoredAuditEvent[]> {
  const rows = await handle.db.selectFrom('audit_events').selectAll().where('request_id', '=', requestId).execute();
  return rows.map(fromRow);
}

/** The product's actions that write (RAM access level create, update or delete). */
export function writeActions(product: Product): string[] {
  return [...product.actions.values()].filter((a) => !['get', 'list'].includes(a.ram.accessLevel)).map((a) => a.name).sort();
}

/** Calls an action's handler as the RPC edge does after authentication, with wire (flat) parameters. */
export async function invoke(product: Product, name: string, ctx: CoreContext, flat: Record<string, string>, requestId: string): Promise<any> {
  const action: RegisteredAction | undefined = product.actions.get(name);
  if (!action) throw new Error(`${product.code} has no action ${name}`);
  const params = parameterParser(action.params).parse(flat);
  return action.handler({ core: ctx, principal: { type: 'root', accessKeyId: ROOT_ACTOR.id, accountId: ctx.settings.accountId }, actor: ROOT_ACTOR, requestId, baseUrl: 'https://sso.example.com' }, params);
}

export interface WriteStep {
  /** The action (as the product names it), or a label for SCIM requests. */
  readonly name: string;
  readonly run: (ctx: CoreContext, requestId: string) => Promise<unknown>;
  /** State the step needs that no write action makes (e.g. an MFA device a user binds at sign-in). */
  readonly before?: (ctx: CoreContext) => Promise<void>;
  /** What the audit row must say beyond the request ID. */
  readonly expected: () => Partial<AuditEvent>;
}

/**
 * Runs each step twice: first over a store that fails right after the audit insert (the database
 * must be exactly as before: no row, no change), then for real (exactly one new row, naming the
 * request, the actor and the resource).
 */
export async function checkEveryStep(handle: DbHandle, ctx: CoreContext, steps: readonly WriteStep[]): Promise<void> {
  const failing = failingAfterAudit(ctx);
  for (const [i, step] of steps.entries()) {
    await step.before?.(ctx);
    const before = await snapshot(handle);
    const failed = await step.run(failing, `req-fail-${i}`).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect({ step: step.name, failed: failed instanceof ForcedFailure ? 'forced' : failed }).toEqual({ step: step.name, failed: 'forced' });
    expect({ step: step.name, unchanged: (await snapshot(handle)) === before }).toEqual({ step: step.name, unchanged: true });

    const count = await auditCount(handle);
    await step.run(ctx, `req-${i}`);
    expect({ step: step.name, rows: (await auditCount(handle)) - count }).toEqual({ step: step.name, rows: 1 });
    const rows = await auditOf(handle, `req-${i}`);
    expect(rows.map((r) => ({ step: step.name, ...r }))).toMatchObject([{ step: step.name, ...step.expected() }]);
  }
}

/**
 * Makes a running server's store fail right after each audit insert, in place (the routes hold
 * the store object itself), until the returned function restores it.
 */
export function failAfterAuditIn(store: Store): () => void {
  const original = store.transaction;
  const { record, recordChange } = store.audit;
  const failing = failingAfterAudit({ store } as CoreContext).store;
  const mutable = store as { transaction: Store['transaction']; oneStatement: Store['oneStatement'] };
  const audit = store.audit as Pick<Store['audit'], 'record' | 'recordChange'>;
  const groups = store.groups as Pick<Store['groups'], 'writeMembers'>;
  const { writeMembers } = store.groups;
  // As in failingAfterAudit: while failing, the one-statement writes take their transactions.
  const alone = store.oneStatement;
  mutable.transaction = failing.transaction;
  mutable.oneStatement = undefined;
  audit.record = failing.audit.record;
  audit.recordChange = failing.audit.recordChange;
  groups.writeMembers = failing.groups.writeMembers;
  return () => {
    mutable.transaction = original;
    mutable.oneStatement = alone;
    audit.record = record;
    audit.recordChange = recordChange;
    groups.writeMembers = writeMembers;
  };
}

/** Every audit row with its ID, to tell the rows a request added. */
export async function auditRows(handle: DbHandle): Promise<Array<StoredAuditEvent & { id: string }>> {
  const rows = await handle.db.selectFrom('audit_events').selectAll().execute();
  return rows.map((r) => ({ id: r.id, ...fromRow(r) }));
}

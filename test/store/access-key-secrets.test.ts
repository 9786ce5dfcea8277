import { describe, expect, it } from 'vitest';
import { OPENED_SECRET_CACHE_SIZE, resolveAccessKey } from '../../src/core/access-keys.js';
import type { CoreContext } from '../../src/core/context.js';
import { createSecretBox, type SecretBox } from '../../src/core/secret-box.js';
import { createStore } from '../../src/store/kysely-store.js';
import { DIALECTS } from '../support/server.js';
import { useStoreDatabase } from '../support/store.js';

/**
 * A signed call's AccessKey: the row is read on every call (status, deletion), and only the
 * AES-GCM open of its secret is skipped while the stored ciphertext is the one last opened.
 */
describe.each(DIALECTS)('AccessKey secrets on %s', (dialect) => {
  const database = useStoreDatabase(dialect);

  /** A real secret box that counts its opens. */
  const countingBox = (masterKey: string): SecretBox & { opens: number } => {
    const box = createSecretBox(masterKey);
    const counted = { ...box, opens: 0, open: (sealed: string) => (counted.opens++, box.open(sealed)) };
    return counted;
  };

  const setUp = (masterKey = 'a-master-key-for-tests') => {
    const store = createStore(database().db, database().dialect);
    const secretBox = countingBox(masterKey);
    const ctx = { store, secretBox } as unknown as CoreContext;
    return { store, secretBox, ctx };
  };

  it('opens a secret once while its ciphertext is unchanged, and reads the row on every call', async () => {
    const { store, secretBox, ctx } = setUp();
    await store.accessKeys.insert({ id: 'LTAIwarm', principalType: 'root', ramUserId: null, status: 'Enabled', createTime: 1 }, secretBox.seal('first-secret'));
    for (let i = 0; i < 3; i++) expect(await resolveAccessKey(ctx, 'LTAIwarm')).toMatchObject({ key: { status: 'Enabled' }, secret: 'first-secret' });
    expect(secretBox.opens).toBe(1);

    // Disabled, with the secret cached: the very next resolution sees it.
    await store.accessKeys.setStatus('LTAIwarm', 'Disabled');
    expect(await resolveAccessKey(ctx, 'LTAIwarm')).toMatchObject({ key: { status: 'Disabled' } });
    await store.accessKeys.setStatus('LTAIwarm', 'Enabled');

    // Rotated under the same ID (the root key through the environment, on another node): new ciphertext, opened afresh.
    await store.accessKeys.delete('LTAIwarm');
    await store.accessKeys.insert({ id: 'LTAIwarm', principalType: 'root', ramUserId: null, status: 'Enabled', createTime: 2 }, secretBox.seal('second-secret'));
    expect(await resolveAccessKey(ctx, 'LTAIwarm')).toMatchObject({ secret: 'second-secret' });
    expect(secretBox.opens).toBe(2);

    // Deleted: unknown on the very next call.
    await store.accessKeys.delete('LTAIwarm');
    expect(await resolveAccessKey(ctx, 'LTAIwarm')).toBeUndefined();
  });

  it('keeps at most the most recently used keys, and never shares an opened secret between secret boxes', async () => {
    const { secretBox, ctx } = setUp();
    const sealed = secretBox.seal('bounded-secret');
    const ids = Array.from({ length: OPENED_SECRET_CACHE_SIZE + 1 }, (_, i) => `LTAIlru${String(i).padStart(5, '0')}`);
    for (let i = 0; i < ids.length; i += 200) {
      await database()
        .db.insertInto('access_keys')
        .values(ids.slice(i, i + 200).map((id) => ({ id, principal_type: 'root', ram_user_id: null, secret_enc: sealed, status: 'Enabled', create_time: 3, last_used_time: null })))
        .execute();
    }
    for (const id of ids) await resolveAccessKey(ctx, id);
    expect(secretBox.opens).toBe(ids.length);
    await resolveAccessKey(ctx, ids[ids.length - 1]!);
    expect(secretBox.opens).toBe(ids.length); // still cached
    await resolveAccessKey(ctx, ids[0]!);
    expect(secretBox.opens).toBe(ids.length + 1); // the oldest was dropped

    const other = setUp('another-master-key-for-tests');
    await expect(resolveAccessKey(other.ctx, ids[1]!)).rejects.toThrow(); // sealed under a different key: not served from the first box's cache
    expect(other.secretBox.opens).toBe(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetUserPassword } from '../../src/core/passwords.js';
import { createUser } from '../../src/core/users.js';
import type { ApiClient } from '../support/clients.js';
import { captureLogs } from '../support/log-capture.js';
import { DIALECTS, startTestServer, type TestServer } from '../support/server.js';
import { expectFailure, expectSuccess, keysOf } from '../support/wire.js';
import { client, coreOf, MANAGEMENT_MODES, newDirectory } from '../support/management.js';
import { expectPage, expectUser, PASSWORD_POLICY_KEYS } from '../support/shapes.js';

/**
 * Issue 4, users: every user operation through the ACS3 OpenAPI client and pop-core, on each
 * store, with each response checked field by field against cloudsso-api.md §2/§3.3.
 */
const SCIM = { via: 'scim' as const, actor: { type: 'system' as const, id: 'test-idp' } };

describe.each(DIALECTS)('on %s', (dialect) => {
  let node: TestServer;
  const logs = captureLogs('info');
  beforeAll(async () => {
    node = await startTestServer(dialect, { logger: logs.logger, env: { CLOUDSSO_MAX_DIRECTORIES: '1000' } });
  });
  afterAll(() => node?.close());

  it('keeps the newest 24 password hashes of a user, the most PasswordReusePrevention can ask for', async () => {
    const api = client(node);
    const DirectoryId = await newDirectory(api, 'history');
    const UserId = (await api.call('CreateUser', { DirectoryId, UserName: 'history' })).User.UserId;
    const p = { via: 'management' as const, actor: { type: 'system' as const, id: 'test' } };
    for (let i = 0; i < 26; i++) await resetUserPassword(coreOf(node), DirectoryId, UserId, { generate: true }, false, p);
    const rows = await node.server.runtime.db.db.selectFrom('password_history').select('password_hash').where('user_id', '=', UserId).execute();
    expect(rows).toHaveLength(24);
    expect(rows.every((r) => r.password_hash.startsWith('$argon2id$'))).toBe(true);
  });

  describe.each(MANAGEMENT_MODES)('through %s', (mode) => {
    let api: ApiClient;
    beforeAll(() => {
      api = client(node, mode);
    });

    it('creates, reads, lists, updates and deletes users with exact response shapes', async () => {
      const DirectoryId = await newDirectory(api, 'users');

      // CreateUser with every field and tags: the User without ExternalId.
      const created = await api.call('CreateUser', {
        DirectoryId,
        UserName: 'Alice',
        DisplayName: 'Alice',
        FirstName: 'Alice',
        LastName: 'Lee',
        Email: 'Alice@example.com',
        Description: 'This is a user.',
        Tags: [
          { Key: 'TestKey', Value: 'TestValue' },
          { Key: 'env', Value: 'prod' },
        ],
      });
      expectSuccess(created, ['User']);
      expectUser(created.User, 'created');
      const alice = created.User;
      expect(alice).toMatchObject({
        UserName: 'Alice',
        DisplayName: 'Alice',
        FirstName: 'Alice',
        LastName: 'Lee',
        Email: 'Alice@example.com',
        Description: 'This is a user.',
        Status: 'Enabled',
        ProvisionType: 'Manual',
      });
      expect(alice.UpdateTime).toBe(alice.CreateTime);
      expect(alice.Tags).toEqual([
        { Key: 'TestKey', Value: 'TestValue' },
        { Key: 'env', Value: 'prod' },
      ]);

      // A minimal user: unset strings are "", Status as asked, no tags.
      const bob = (await api.call('CreateUser', { DirectoryId, UserName: 'bob', Status: 'Disabled' })).User;
      expectUser(bob, 'created');
      expect(bob).toMatchObject({ DisplayName: '', FirstName: '', LastName: '', Email: '', Description: '', Status: 'Disabled', Tags: [] });

      // GetUser: the whole User, without ExternalId for a manual user.
      const got = await api.call('GetUser', { DirectoryId, UserId: alice.UserId });
      expectSuccess(got, ['User']);
      expectUser(got.User, 'full');
      expect(got.User).toEqual(alice);

      // ListUsers: defaults, exact page shape, full Users.
      const listed = await api.call('ListUsers', { DirectoryId });
      expectSuccess(listed, ['IsTruncated', 'MaxResults', 'TotalCounts', 'Users']);
      expectPage(listed, 'Users', 10);
      expect(listed).toMatchObject({ IsTruncated: false, TotalCounts: 2 });
      for (const u of listed.Users) expectUser(u, 'full');
      // ID order: creation order to the millisecond.
      const byId = [alice, bob].sort((a, b) => (a.UserId < b.UserId ? -1 : 1));
      expect(listed.Users.map((u: { UserId: string }) => u.UserId)).toEqual(byId.map((u) => u.UserId));
      expect(listed.Users.find((u: { UserId: string }) => u.UserId === alice.UserId)).toEqual(alice);

      // Filters, Status, ProvisionType, Tags.
      const names = async (params: Record<string, unknown>) =>
        (await api.call('ListUsers', { DirectoryId, ...params })).Users.map((u: { UserName: string }) => u.UserName);
      expect(await names({ Filter: 'UserName eq alice' })).toEqual(['Alice']);
      expect(await names({ Filter: 'username EQ "ALICE"' })).toEqual(['Alice']);
      expect(await names({ Filter: 'UserName sw B' })).toEqual(['bob']);
      expect(await names({ Filter: 'UserName sw zz' })).toEqual([]);
      expect(await names({ Status: 'Disabled' })).toEqual(['bob']);
      expect((await names({ ProvisionType: 'Manual' })).sort()).toEqual(['Alice', 'bob']);
      expect(await names({ ProvisionType: 'Synchronized' })).toEqual([]);
      expect(await names({ Tags: [{ Key: 'env', Value: 'prod' }] })).toEqual(['Alice']);
      expect(await names({ Tags: [{ Key: 'env', Value: 'dev' }] })).toEqual([]);
      const filtered = await api.call('ListUsers', { DirectoryId, Filter: 'UserName sw a', MaxResults: 1 });
      expectPage(filtered, 'Users', 1);
      expect(filtered).toMatchObject({ IsTruncated: false, TotalCounts: 1 });

      // UpdateUser: New* fields, the User without ExternalId and Tags; "" clears; UserName stays.
      const updated = await api.call('UpdateUser', {
        DirectoryId,
        UserId: alice.UserId,
        NewDisplayName: 'Alice L.',
        NewFirstName: 'Alicia',
        NewEmail: 'alicia@example.com',
        NewDescription: '',
      });
      expectSuccess(updated, ['User']);
      expectUser(updated.User, 'updated');
      expect(updated.User).toMatchObject({
        UserId: alice.UserId,
        UserName: 'Alice',
        DisplayName: 'Alice L.',
        FirstName: 'Alicia',
        LastName: 'Lee',
        Email: 'alicia@example.com',
        Description: '',
        CreateTime: alice.CreateTime,
      });
      const afterUpdate = (await api.call('GetUser', { DirectoryId, UserId: alice.UserId })).User;
      expect(afterUpdate.Tags).toEqual(alice.Tags);
      // No New* at all: the user as it is, UpdateTime untouched.
      expect((await api.call('UpdateUser', { DirectoryId, UserId: alice.UserId })).User).toEqual(updated.User);

      // UpdateUserStatus: an empty body; the status changes.
      expectSuccess(await api.call('UpdateUserStatus', { DirectoryId, UserId: bob.UserId, NewStatus: 'Enabled' }), []);
      expect((await api.call('GetUser', { DirectoryId, UserId: bob.UserId })).User.Status).toBe('Enabled');

      // GetDirectoryStatistics counts them; DeleteDirectory refuses while they exist.
      expect((await api.call('GetDirectoryStatistics', { DirectoryId })).DirectoryStatistics).toMatchObject({ UserCount: 2, UserQuota: 1000 });
      expectFailure(await api.fail('DeleteDirectory', { DirectoryId }), 'DeletionConflict.Directory', 409);

      // DeleteUser: an empty body; the user and its tags are gone.
      expectSuccess(await api.call('DeleteUser', { DirectoryId, UserId: bob.UserId }), []);
      expectFailure(await api.fail('GetUser', { DirectoryId, UserId: bob.UserId }), 'EntityNotExists.User', 404);
      expectFailure(await api.fail('DeleteUser', { DirectoryId, UserId: bob.UserId }), 'EntityNotExists.User', 404);
      expect((await api.call('ListUsers', { DirectoryId })).TotalCounts).toBe(1);
    });

    it('keeps UserName and Email unique case-insensitively, with a specific code for each', async () => {
      const DirectoryId = await newDirectory(api, 'unique');
      const carol = (await api.call('CreateUser', { DirectoryId, UserName: 'carol', Email: 'Carol@Example.com' })).User;
      const dave = (await api.call('CreateUser', { DirectoryId, UserName: 'dave' })).User;
      expectFailure(await api.fail('CreateUser', { DirectoryId, UserName: 'CAROL' }), 'EntityAlreadyExists.User.UserName', 409);
      expectFailure(await api.fail('CreateUser', { DirectoryId, UserName: 'carol2', Email: 'carol@example.COM' }), 'EntityAlreadyExists.User.Email', 409);
      expectFailure(await api.fail('UpdateUser', { DirectoryId, UserId: dave.UserId, NewEmail: 'CAROL@example.com' }), 'EntityAlreadyExists.User.Email', 409);
      // A user keeps its own address whatever its case.
      const same = await api.call('UpdateUser', { DirectoryId, UserId: carol.UserId, NewEmail: 'carol@example.com' });
      expect(same.User.Email).toBe('carol@example.com');
      expect((await api.call('ListUsers', { DirectoryId })).TotalCounts).toBe(2);
    });

    it('resolves a SCIM-synchronized user from its ExternalId, sent as a JSON string', async () => {
      const DirectoryId = await newDirectory(api, 'userid');
      const synced = await createUser(coreOf(node), DirectoryId, { userName: 'erin@idp.example', email: 'erin@idp.example' }, SCIM, {
        externalId: { id: 'c73e1f-a5fdd5', issuer: 'SCIM' },
      });
      const found = await api.call('GetUserId', { DirectoryId, ExternalId: JSON.stringify({ Id: 'c73e1f-a5fdd5', Issuer: 'SCIM' }) });
      expectSuccess(found, ['UserId']);
      expect(found.UserId).toBe(synced.id);

      // The synchronized user carries ExternalId on GetUser and ListUsers, and not on CreateUser-shaped answers.
      const got = (await api.call('GetUser', { DirectoryId, UserId: synced.id })).User;
      expectUser(got, 'full', true);
      expect(got).toMatchObject({ ProvisionType: 'Synchronized', ExternalId: { Id: 'c73e1f-a5fdd5', Issuer: 'SCIM' } });
      const listed = (await api.call('ListUsers', { DirectoryId, ProvisionType: 'Synchronized' })).Users;
      expect(listed).toEqual([got]);

      expectFailure(
        await api.fail('GetUserId', { DirectoryId, ExternalId: JSON.stringify({ Id: 'unknown', Issuer: 'SCIM' }) }),
        'EntityNotExists.User',
        404,
      );
      for (const ExternalId of ['{"Id":', 'not json', '[]', '"c73"', '{"Issuer":"SCIM"}', '{"Id":"c73e1f-a5fdd5","Issuer":"LDAP"}']) {
        expectFailure(await api.fail('GetUserId', { DirectoryId, ExternalId }), 'InvalidParameter.ExternalId', 400);
      }
      expectFailure(await api.fail('GetUserId', { DirectoryId }), 'MissingParameter.ExternalId', 400);
    });

    it('resets passwords under the password policy: generated ones returned once, chosen ones never', async () => {
      const DirectoryId = await newDirectory(api, 'passwords');
      const user = (await api.call('CreateUser', { DirectoryId, UserName: 'frank' })).User;
      const UserId = user.UserId;

      // GetPasswordPolicy: the defaults, every field with its type.
      const policy = await api.call('GetPasswordPolicy', { DirectoryId });
      expectSuccess(policy, ['PasswordPolicy']);
      expect(keysOf(policy.PasswordPolicy)).toEqual(PASSWORD_POLICY_KEYS);
      expect(policy.PasswordPolicy).toEqual({
        HardExpire: false,
        MaxLoginAttempts: 5,
        MaxPasswordAge: 90,
        MaxPasswordLength: 32,
        MinPasswordDifferentChars: 0,
        MinPasswordLength: 8,
        PasswordNotContainUsername: true,
        PasswordReusePrevention: 1,
        RequireLowerCaseChars: true,
        RequireNumbers: true,
        RequireSymbols: true,
        RequireUpperCaseChars: true,
      });

      // A generated password: NewPassword, 32 characters of all four classes.
      const generated = await api.call('ResetUserPassword', { DirectoryId, UserId, GenerateRandomPassword: true });
      expectSuccess(generated, ['NewPassword']);
      expect(generated.NewPassword).toMatch(/^[\x21-\x7e]{32}$/);
      for (const cls of [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/]) expect(generated.NewPassword).toMatch(cls);

      // A chosen password: an empty body, never echoed.
      const chosen = 'Str0ng!Passw0rd';
      const reset = await api.call('ResetUserPassword', { DirectoryId, UserId, Password: chosen, RequirePasswordResetForNextLogin: true });
      expectSuccess(reset, []);

      // Stored only as an argon2id hash, with the reset flag.
      const row = await node.server.runtime.db.db
        .selectFrom('users')
        .select(['password_hash', 'password_reset_required'])
        .where('id', '=', UserId)
        .executeTakeFirstOrThrow();
      expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(row.password_hash).not.toContain(chosen);
      expect(Number(row.password_reset_required)).toBe(1);

      // Policy violations are InvalidParameter.Password; nothing in the message echoes the password.
      const bad = ['Sh0rt!', 'alllowercase1!', 'ALLUPPERCASE1!', 'NoDigits!!', 'NoSpecial123', 'Has Space1!', `${'Aa1!'.repeat(8)}x`, 'Xfrank1!ab'];
      for (const Password of bad) {
        const f = await api.fail('ResetUserPassword', { DirectoryId, UserId, Password });
        expectFailure(f, 'InvalidParameter.Password', 400);
        expect(f.body.Message).not.toContain(Password);
      }
      // PasswordReusePrevention 1: the current password cannot be set again.
      expectFailure(await api.fail('ResetUserPassword', { DirectoryId, UserId, Password: chosen }), 'InvalidParameter.Password', 400);
      expectFailure(await api.fail('ResetUserPassword', { DirectoryId, UserId }), 'MissingParameter.Password', 400);
      expectFailure(await api.fail('ResetUserPassword', { DirectoryId, UserId, GenerateRandomPassword: false }), 'MissingParameter.Password', 400);

      // SetPasswordPolicy: only the given fields change; stricter rules apply at once.
      expectSuccess(await api.call('SetPasswordPolicy', { DirectoryId, MinPasswordLength: 12, PasswordReusePrevention: 3, MinPasswordDifferentChars: 10 }), []);
      const after = (await api.call('GetPasswordPolicy', { DirectoryId })).PasswordPolicy;
      expect(after).toMatchObject({ MinPasswordLength: 12, PasswordReusePrevention: 3, MinPasswordDifferentChars: 10, MaxPasswordAge: 90, MaxLoginAttempts: 5 });
      expectFailure(await api.fail('ResetUserPassword', { DirectoryId, UserId, Password: 'Short1!pass' }), 'InvalidParameter.Password', 400);
      expectFailure(await api.fail('ResetUserPassword', { DirectoryId, UserId, Password: 'Aaaaaaaaaa1!' }), 'InvalidParameter.Password', 400);
      const second = 'Second!Passw0rd#';
      expectSuccess(await api.call('ResetUserPassword', { DirectoryId, UserId, Password: second }), []);
      // The last three passwords are remembered: the first chosen one is refused, a new one is fine.
      expectFailure(await api.fail('ResetUserPassword', { DirectoryId, UserId, Password: chosen }), 'InvalidParameter.Password', 400);
      expectSuccess(await api.call('ResetUserPassword', { DirectoryId, UserId, Password: 'Third!Passw0rd#x' }), []);
      // PasswordNotContainUsername can be switched off.
      expectSuccess(await api.call('SetPasswordPolicy', { DirectoryId, PasswordNotContainUsername: false }), []);
      expectSuccess(await api.call('ResetUserPassword', { DirectoryId, UserId, Password: 'Xfrank1!abcdef' }), []);

      // SetPasswordPolicy validation.
      for (const [name, value] of [
        ['MinPasswordLength', 7],
        ['MinPasswordLength', 33],
        ['MaxPasswordAge', 0],
        ['MaxPasswordAge', 121],
        ['PasswordReusePrevention', 25],
        ['MaxLoginAttempts', 33],
        ['MinPasswordDifferentChars', 33],
        ['MinPasswordLength', '1.5'],
        ['PasswordNotContainUsername', 'maybe'],
      ] as const) {
        expectFailure(await api.fail('SetPasswordPolicy', { DirectoryId, [name]: value }), `InvalidParameter.${name}`, 400);
      }
      expectFailure(
        await api.fail('SetPasswordPolicy', { DirectoryId, MinPasswordLength: 8, MinPasswordDifferentChars: 9 }),
        'InvalidParameter.MinPasswordDifferentChars',
        400,
      );
      expectFailure(await api.fail('GetPasswordPolicy', { DirectoryId: 'd-000000000000' }), 'EntityNotExists.Directory', 404);
      expectFailure(await api.fail('ResetUserPassword', { DirectoryId, UserId: 'u-00000000000000000000', GenerateRandomPassword: true }), 'EntityNotExists.User', 404);

      // The history went with the user.
      const history = () =>
        node.server.runtime.db.db.selectFrom('password_history').select('id').where('user_id', '=', UserId).execute();
      expect((await history()).length).toBeGreaterThan(0);
      expectSuccess(await api.call('DeleteUser', { DirectoryId, UserId }), []);
      expect(await history()).toEqual([]);

      // No password, chosen or generated, ever reaches the log.
      const log = logs.lines.join('\n');
      expect(log).toContain('ResetUserPassword');
      for (const secret of [chosen, second, generated.NewPassword, encodeURIComponent(chosen)]) expect(log).not.toContain(secret);
    });
  });
});

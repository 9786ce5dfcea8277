import type { Kysely } from 'kysely';
import type { Store } from '../core/ports/store.js';
import { migrationsApplied, type Dialect } from './db.js';
import { accessKeyRepository } from './repos/access-keys.js';
import { accessRepository } from './repos/access.js';
import { accountRepository } from './repos/accounts.js';
import { authFailureRepository } from './repos/auth-failures.js';
import { stsRepository } from './repos/sts.js';
import { taskRepository } from './repos/tasks.js';
import { userProvisioningRepository } from './repos/user-provisioning.js';
import { auditRepository } from './repos/audit.js';
import { directoryRepository } from './repos/directories.js';
import { groupRepository } from './repos/groups.js';
import { metaRepository } from './repos/meta.js';
import { nonceRepository } from './repos/nonces.js';
import { passwordHistoryRepository } from './repos/password-history.js';
import { portalRepository } from './repos/portal.js';
import { portalApiRepository } from './repos/portal-api.js';
import { ramRepository } from './repos/ram.js';
import { scimCredentialRepository } from './repos/scim-credentials.js';
import { oneStatementWrites } from './repos/one-statement.js';
import { samlSignInRepository } from './repos/saml-sign-in.js';
import { signInRepository } from './repos/sign-in.js';
import { serviceRepository } from './repos/service.js';
import { groupScimAttributes, userScimAttributes } from './scim-attributes.js';
import { tagRepository } from './repos/tags.js';
import { userRepository } from './repos/users.js';
import { webhookRepository } from './repos/webhooks.js';
import type { Database } from './schema.js';
import { groupCommitter } from './group-commit.js';
import { integrityError, rethrowIntegrity } from './unique-violation.js';


/** The Store port over Kysely: repositories are plain functions of `db` (or a transaction). */
export function createStore(db: Kysely<Database>, dialect: Dialect): Store {
  const authFailures = authFailureRepository(db, dialect);
  const users = userRepository(db, dialect, { special: userScimAttributes });
  const groups = groupRepository(db, dialect, { special: groupScimAttributes });
  const webhooks = webhookRepository(db, dialect);
  const grouped = dialect === 'sqlite' && !db.isTransaction ? groupCommitter(db, (trx) => createStore(trx, dialect), integrityError) : undefined;
  return {
    directories: directoryRepository(db, dialect),
    scimCredentials: scimCredentialRepository(db, dialect, authFailures, users, groups),
    users,
    groups,
    tags: tagRepository(db),
    accessKeys: accessKeyRepository(db, dialect, authFailures),
    ram: ramRepository(db, dialect),
    accounts: accountRepository(db),
    access: accessRepository(db),
    sts: stsRepository(db, dialect, authFailures),
    tasks: taskRepository(db, dialect),
    nonces: nonceRepository(db, dialect),
    authFailures,
    passwordHistory: passwordHistoryRepository(db),
    signIn: signInRepository(db),
    portal: portalRepository(db),
    portalApi: portalApiRepository(db),
    samlSignIn: samlSignInRepository(db),
    audit: auditRepository(db, dialect, webhooks),
    meta: metaRepository(db),
    service: serviceRepository(db, dialect),
    userProvisioning: userProvisioningRepository(db, dialect),
    webhooks,
    transaction: (fn) =>
      db.isTransaction
        ? fn(createStore(db, dialect))
        : grouped
          ? grouped(fn)
          : db
              .transaction()
              .execute((trx) => fn(createStore(trx, dialect)))
              .catch(rethrowIntegrity),
    // PostgreSQL only, and outside a transaction: it commits on its own (see the port).
    ...(dialect === 'postgres' && !db.isTransaction ? { oneStatement: oneStatementWrites(db) } : {}),
    async ready() {
      try {
        return await migrationsApplied(db);
      } catch {
        return false;
      }
    },
  };
}

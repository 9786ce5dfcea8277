import type { Kysely, Selectable } from 'kysely';
import type { Status } from '../../core/model.js';
import type { MfaDevice, SignInRepository, StoredSpKey } from '../../core/ports/sign-in.js';
import type { Database, MfaDeviceRow } from '../schema.js';
import { rethrowUnique, uniqueViolationIndex } from '../unique-violation.js';

const toDevice = (r: Selectable<MfaDeviceRow>): MfaDevice => ({
  id: r.id,
  directoryId: r.directory_id,
  userId: r.user_id,
  name: r.name,
  type: 'TOTP',
  secretSealed: r.secret_sealed,
  effectiveTime: Number(r.effective_time),
  lastUseTime: r.last_use_time === null ? null : Number(r.last_use_time),
});

export function signInRepository(db: Kysely<Database>): SignInRepository {
  const spKey = async (directoryId: string): Promise<StoredSpKey | undefined> => {
    const r = await db.selectFrom('saml_sp_keys').selectAll().where('directory_id', '=', directoryId).executeTakeFirst();
    return (
      r && {
        directoryId: r.directory_id,
        acsId: r.acs_id,
        certificatePem: r.certificate_pem,
        privateKeySealed: r.private_key_sealed,
        createTime: Number(r.create_time),
      }
    );
  };
  return {
    async listIdpCertificates(directoryId) {
      const rows = await db
        .selectFrom('saml_idp_certificates')
        .selectAll()
        .where('directory_id', '=', directoryId)
        .orderBy('create_time')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({ id: r.id, directoryId: r.directory_id, fingerprint: r.fingerprint, pem: r.pem, createTime: Number(r.create_time) }));
    },
    async insertIdpCertificate(c) {
      await db
        .insertInto('saml_idp_certificates')
        .values({ id: c.id, directory_id: c.directoryId, fingerprint: c.fingerprint, pem: c.pem, create_time: c.createTime })
        .execute()
        .catch(rethrowUnique);
    },
    async deleteIdpCertificate(directoryId, id) {
      const r = await db.deleteFrom('saml_idp_certificates').where('directory_id', '=', directoryId).where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async deleteIdpCertificates(directoryId) {
      await db.deleteFrom('saml_idp_certificates').where('directory_id', '=', directoryId).execute();
    },
    getSpKey: spKey,
    async putSpKeyIfAbsent(k) {
      try {
        await db
          .insertInto('saml_sp_keys')
          .values({
            directory_id: k.directoryId,
            acs_id: k.acsId,
            certificate_pem: k.certificatePem,
            private_key_sealed: k.privateKeySealed,
            create_time: k.createTime,
          })
          .execute();
      } catch (err) {
        if (uniqueViolationIndex(err) === undefined) throw err;
      }
      const stored = await spKey(k.directoryId);
      if (!stored) throw new Error(`The SP key of directory ${k.directoryId} vanished after it was stored.`);
      return stored;
    },
    async listMfaDevices(directoryId, userId) {
      const rows = await db
        .selectFrom('mfa_devices')
        .selectAll()
        .where('directory_id', '=', directoryId)
        .where('user_id', '=', userId)
        .orderBy('id')
        .execute();
      return rows.map(toDevice);
    },
    async insertMfaDevice(d) {
      await db
        .insertInto('mfa_devices')
        .values({
          id: d.id,
          directory_id: d.directoryId,
          user_id: d.userId,
          name: d.name,
          type: d.type,
          secret_sealed: d.secretSealed,
          effective_time: d.effectiveTime,
          last_use_time: d.lastUseTime,
        })
        .execute();
    },
    async deleteMfaDevice(directoryId, userId, id) {
      const r = await db
        .deleteFrom('mfa_devices')
        .where('directory_id', '=', directoryId)
        .where('user_id', '=', userId)
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async getUserMfaSetting(directoryId, userId) {
      const r = await db
        .selectFrom('user_mfa_settings')
        .select('setting')
        .where('directory_id', '=', directoryId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return r ? (r.setting as Status) : undefined;
    },
    async setUserMfaSetting(directoryId, userId, setting) {
      await db
        .insertInto('user_mfa_settings')
        .values({ user_id: userId, directory_id: directoryId, setting })
        .onConflict((oc) => oc.column('user_id').doUpdateSet({ setting }))
        .execute();
    },
  };
}

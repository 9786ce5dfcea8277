import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Encrypts AccessKey secrets at rest (they must stay readable: HMAC verification needs them).
 * AES-256-GCM with a key derived from the master key by HKDF; the master key itself never
 * reaches the database. Format: `v1.<iv>.<tag>.<ciphertext>`, base64url parts.
 */
export interface SecretBox {
  seal(plaintext: string): string;
  open(sealed: string): string;
  /** A value derived from the key that proves which key sealed the data, without revealing it. */
  readonly keyCheck: string;
  /** An HMAC of `data` under a key derived for `purpose` (e.g. pagination tokens), base64url. */
  mac(purpose: string, data: string): string;
}

export function createSecretBox(masterKey: string): SecretBox {
  if (masterKey.length < 16) throw new Error('The master key must be at least 16 characters.');
  const key = Buffer.from(hkdfSync('sha256', masterKey, 'open-cloudsso', 'access-key-secrets/v1', 32));
  const keyCheck = createHash('sha256').update(key).update('key-check').digest('base64url');
  const macKeys = new Map<string, Buffer>();
  return {
    keyCheck,
    mac(purpose, data) {
      let k = macKeys.get(purpose);
      if (!k) macKeys.set(purpose, (k = Buffer.from(hkdfSync('sha256', masterKey, 'open-cloudsso', `mac/${purpose}`, 32))));
      return createHmac('sha256', k).update(data).digest('base64url');
    },
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
    },
    open(sealed) {
      const [v, iv, tag, ct] = sealed.split('.');
      if (v !== 'v1' || !iv || !tag || ct === undefined) throw new Error('Unrecognised sealed secret format.');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}

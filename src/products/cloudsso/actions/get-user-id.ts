import { Type } from '@sinclair/typebox';
import { getUserIdByExternalId } from '../../../core/users.js';
import { defineAction } from '../../../rpc/action.js';
import { invalidParameter } from '../../../rpc/edge-errors.js';
import { DirectoryIdParam } from '../wire.js';

/**
 * Resolves a SCIM-synchronized user from its `ExternalId {Id, Issuer}`. The typed SDKs send the
 * object as a JSON string (`arrayToStringWithSpecifiedStyle(..., 'json')`, §0); the flattened
 * form `ExternalId.Id` / `ExternalId.Issuer` that generic clients produce is accepted too.
 */
const ExternalIdObject = Type.Object({ Id: Type.Optional(Type.String()), Issuer: Type.Optional(Type.String()) });

export default defineAction({
  name: 'GetUserId',
  params: Type.Object({
    DirectoryId: DirectoryIdParam,
    ExternalId: Type.Union([Type.String({ maxLength: 2048 }), ExternalIdObject], {
      errorMessage: 'it must be a JSON object such as {"Id":"c73...","Issuer":"SCIM"}',
    }),
  }),
  response: Type.Object({ UserId: Type.String() }),
  // Not in the RAM table (§5.5): the user is unknown before the call, so the action reads users/*.
  ram: { accessLevel: 'get', resources: (p, arn) => [arn(`directory/${p.DirectoryId}/user/*`)] },
  async handler(ctx, p) {
    const externalId = parseExternalId(p.ExternalId);
    return { UserId: await getUserIdByExternalId(ctx.core, p.DirectoryId, externalId) };
  },
});

const EXAMPLE = 'send a JSON object such as {"Id":"c73...","Issuer":"SCIM"}';

export function parseExternalId(raw: string | { Id?: string | undefined; Issuer?: string | undefined }): { id: string; issuer: string } {
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw invalidParameter('ExternalId', `it is not valid JSON: ${EXAMPLE}`);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidParameter('ExternalId', `it is not an object: ${EXAMPLE}`);
  const o = value as Record<string, unknown>;
  const id = o['Id'];
  const issuer = o['Issuer'];
  if (typeof id !== 'string' || id.length === 0 || id.length > 256) throw invalidParameter('ExternalId', `Id must be a string of 1 to 256 characters: ${EXAMPLE}`);
  if (issuer !== 'SCIM') throw invalidParameter('ExternalId', 'Issuer must be "SCIM" (the only external identity source CloudSSO supports)');
  return { id, issuer };
}

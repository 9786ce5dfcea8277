import { Type } from '@sinclair/typebox';
import { updateMfaSettings } from '../../../core/sign-in/mfa.js';
import { defineAction } from '../../../rpc/action.js';
import { viaManagement } from '../provenance.js';
import { StatusParam } from '../sign-in-wire.js';
import { DirectoryIdParam } from '../wire.js';

/** The first-generation MFA switch: Enabled or Disabled for every user (cloudsso-access.md §4.1). */
export default defineAction({
  name: 'SetMFAAuthenticationStatus',
  params: Type.Object({ DirectoryId: DirectoryIdParam, MFAAuthenticationStatus: StatusParam('MFAAuthenticationStatus') }),
  response: Type.Object({}),
  ram: { accessLevel: 'update', resources: (p, arn) => [arn(`directory/${p.DirectoryId}`)] },
  async handler(ctx, p) {
    await updateMfaSettings(ctx.core, p.DirectoryId, { mode: p.MFAAuthenticationStatus }, viaManagement(ctx), 'SetMFAAuthenticationStatus');
    return {};
  },
});

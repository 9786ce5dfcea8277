import { Type } from '@sinclair/typebox';
import { setGlobalAccessStatus } from '../../../core/directory-features.js';
import { defineAction } from '../../../rpc/action.js';
import { viaManagement } from '../provenance.js';
import { DirectoryIdParam } from '../wire.js';

/** Stored and returned; the accelerated portal host it stands for is later work (docs/decisions/0151). */
export default defineAction({
  name: 'UpdateDirectoryGlobalAccessStatus',
  params: Type.Object({
    DirectoryId: DirectoryIdParam,
    GlobalAccessStatus: Type.Union([Type.Literal('Enabled'), Type.Literal('Disabled')], { errorMessage: 'GlobalAccessStatus must be Enabled or Disabled' }),
  }),
  response: Type.Object({}),
  ram: { accessLevel: 'update', resources: (p, arn) => [arn(`directory/${p.DirectoryId}`)] },
  async handler(ctx, p) {
    await setGlobalAccessStatus(ctx.core, p.DirectoryId, p.GlobalAccessStatus, viaManagement(ctx));
    return {};
  },
});

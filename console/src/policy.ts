/**
 * The server's own policy validator (src/policy, pure TypeScript), bundled into the console so
 * the editor refuses exactly what CreatePolicy would, with the same message.
 */
import { PolicyDocumentError, validatePolicyDocument } from '../../src/policy/index.js';

export function policyProblem(text: string): string | undefined {
  try {
    validatePolicyDocument(text);
    return undefined;
  } catch (e) {
    if (e instanceof PolicyDocumentError) return e.reason;
    return e instanceof Error ? e.message : String(e);
  }
}

export const POLICY_TEMPLATE = JSON.stringify(
  {
    Version: '1',
    Statement: [{ Effect: 'Allow', Action: ['cloudsso:Get*', 'cloudsso:List*'], Resource: '*' }],
  },
  null,
  2,
);

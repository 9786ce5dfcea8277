/**
 * The RAM policy language: validation of policy documents and evaluation of a request against
 * the policies attached to a principal. Pure: no I/O, no clock, no dependencies.
 */
export { evaluate } from './evaluate.js';
export { PolicyDocumentError } from './policy-document-error.js';
export { POLICY_DOCUMENT_MAX_LENGTH, validatePolicyDocument } from './validate.js';
export { TRUST_POLICY_MAX_LENGTH, trustAllows, validateTrustPolicy, type TrustPolicy } from './trust.js';
export {
  CONDITION_OPERATORS,
  type ActionElement,
  type AttachedPolicy,
  type AuthorizationRequest,
  type ConditionBlock,
  type ConditionClause,
  type ConditionOperator,
  type Decision,
  type PolicyDocument,
  type PolicyEffect,
  type PolicyStatement,
  type PolicyType,
  type ResourceElement,
} from './types.js';

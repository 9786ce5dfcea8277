import { describe, expect, it } from 'vitest';
import { DEFAULT_PASSWORD_POLICY, passwordProblem, policyFromSettings, type PasswordPolicy } from '../../../src/core/password-policy.js';
import { generatePassword } from '../../../src/core/passwords.js';

const policy = (p: Partial<PasswordPolicy> = {}): PasswordPolicy => ({ ...DEFAULT_PASSWORD_POLICY, ...p });

/** [password, policy changes, user name, expected problem (a fragment) or undefined] */
const CASES: ReadonlyArray<readonly [string, Partial<PasswordPolicy>, string, RegExp | undefined]> = [
  ['Abcdef1!', {}, 'bob', undefined],
  ['Abcde1!', {}, 'bob', /8 to 32 characters/],
  [`A1!${'a'.repeat(30)}`, {}, 'bob', /8 to 32 characters/],
  [`A1!${'a'.repeat(29)}`, {}, 'bob', undefined],
  ['abcdef1!', {}, 'bob', /an upper-case letter/],
  ['ABCDEF1!', {}, 'bob', /a lower-case letter/],
  ['Abcdefg!', {}, 'bob', /a digit/],
  ['Abcdefg1', {}, 'bob', /a special character/],
  ['abcdefgh', {}, 'bob', /an upper-case letter, a digit, a special character/],
  ['Abc def1!', {}, 'bob', /printable ASCII/],
  ['Abcdéf1!x', {}, 'bob', /printable ASCII/],
  ['Abcdef1!', { minPasswordLength: 10 }, 'bob', /10 to 32 characters/],
  ['Aaaaaaa1!', { minPasswordDifferentChars: 5 }, 'bob', /at least 5 different characters \(it has 4\)/],
  ['Abcdef1!', { minPasswordDifferentChars: 8 }, 'bob', undefined],
  ['xBOB1!yyz', {}, 'bob', /must not contain the user name/],
  ['xBOB1!yyz', { passwordNotContainUsername: false }, 'bob', undefined],
  ['Alice@example.com1', {}, 'alice@EXAMPLE.com', /must not contain the user name/],
];

describe('passwordProblem', () => {
  it.each(CASES.map((c) => [c[0], c] as const))('%s', (_name, [password, changes, userName, expected]) => {
    const problem = passwordProblem(password, policy(changes), userName);
    if (expected) expect(problem).toMatch(expected);
    else expect(problem).toBeUndefined();
  });

  it('never names the password in its reason', () => {
    for (const [password, changes, userName] of CASES) expect(passwordProblem(password, policy(changes), userName) ?? '').not.toContain(password);
  });
});

describe('policyFromSettings', () => {
  it('gives the defaults for a directory that never set a policy', () => {
    expect(policyFromSettings({})).toEqual(DEFAULT_PASSWORD_POLICY);
  });
  it('keeps stored values and replaces malformed ones with their defaults', () => {
    const stored = { passwordPolicy: { minPasswordLength: 12, maxPasswordAge: 500, passwordNotContainUsername: 'yes', passwordReusePrevention: 24 } };
    expect(policyFromSettings(stored)).toEqual({ ...DEFAULT_PASSWORD_POLICY, minPasswordLength: 12, passwordReusePrevention: 24 });
    expect(policyFromSettings({ passwordPolicy: 'garbage' })).toEqual(DEFAULT_PASSWORD_POLICY);
  });
});

describe('generatePassword', () => {
  it('makes 32 distinct characters of every class that the policy accepts', () => {
    const strict = policy({ minPasswordLength: 32, minPasswordDifferentChars: 32 });
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const p = generatePassword(strict, 'a');
      expect(p).toHaveLength(32);
      expect(new Set(p).size).toBe(32);
      expect(passwordProblem(p, strict, 'a')).toBeUndefined();
      seen.add(p);
    }
    expect(seen.size).toBe(200);
  });
});

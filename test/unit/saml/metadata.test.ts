import { describe, expect, it } from 'vitest';
import { parseCertificate } from '../../../src/saml/certificate.js';
import { SamlInputError } from '../../../src/saml/errors.js';
import { parseIdpMetadata } from '../../../src/saml/metadata.js';
import { generateSpKeyPair, spMetadata } from '../../../src/saml/sp.js';
import { body, entraMetadata, oktaMetadata, testCertificate } from '../../management/fixtures/saml-metadata.js';

const CERT = testCertificate('unit.example.com');

describe('IdP metadata', () => {
  it('reads Okta and Entra documents: entity ID, login URLs by binding, signing certificates', () => {
    expect(parseIdpMetadata(oktaMetadata(CERT))).toEqual({
      entityId: 'http://www.okta.com/exk3qwgtjhetR2Od5d7',
      loginUrls: {
        Post: 'https://dev-123456.okta.com/app/dev-123456_cloudsso_1/exk3qwgtjhetR2Od5d7/sso/saml',
        Redirect: 'https://dev-123456.okta.com/app/dev-123456_cloudsso_1/exk3qwgtjhetR2Od5d7/sso/saml',
      },
      certificates: [body(CERT)],
    });
    const entra = parseIdpMetadata(entraMetadata([CERT, CERT]));
    // The WS-Fed RoleDescriptor's keys are not the IdP's; the same certificate twice is one.
    expect(entra.certificates).toEqual([body(CERT)]);
    expect(entra.loginUrls.Redirect).toMatch(/^https:\/\/login\.microsoftonline\.com\//);
  });

  it.each([
    ['not XML', 'hello'],
    ['not well-formed', '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"><x></md:EntityDescriptor>'],
    ['a DOCTYPE (entity expansion)', '<!DOCTYPE lol [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><x>&b;</x>'],
    ['a DOCTYPE (external entity)', '<?xml version="1.0"?><!doctype x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'],
    ['another namespace', '<EntityDescriptor entityID="x"/>'],
    ['no IdP', '<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"><SPSSODescriptor/></EntityDescriptor>'],
    ['no binding we send with', oktaMetadata(CERT).replaceAll('bindings:HTTP-POST', 'bindings:SOAP').replaceAll('bindings:HTTP-Redirect', 'bindings:SOAP')],
    ['no certificate', oktaMetadata(CERT).replace(/<md:KeyDescriptor[\s\S]*<\/md:KeyDescriptor>/, '')],
    ['too large', `<x>${'a'.repeat(300 * 1024)}</x>`],
  ])('refuses %s with a reason', (_name, xml) => {
    expect(() => parseIdpMetadata(xml)).toThrow(SamlInputError);
  });
});

describe('certificates', () => {
  it('describes a certificate as CloudSSO lists it, from PEM or bare Base64 DER', () => {
    const info = parseCertificate(CERT);
    expect(info).toMatchObject({ subject: 'CN=unit.example.com,O=Open CloudSSO', signatureAlgorithm: 'SHA256withRSA', version: 3 });
    expect(parseCertificate(body(CERT)).fingerprint).toBe(info.fingerprint);
    expect(() => parseCertificate('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----')).toThrow(SamlInputError);
    expect(() => parseCertificate('x'.repeat(20_000))).toThrow(SamlInputError);
  });

  it('makes SP metadata that names the entity, the ACS and the signing certificate, with attributes escaped', () => {
    const pair = generateSpKeyPair('sp', Date.UTC(2026, 0, 1));
    expect(pair.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const xml = spMetadata({ entityId: 'https://sso.example.com/saml/sp/d-1?a=1&b="2"', acsUrl: 'https://sso.example.com/saml/acs/x', certificatePem: pair.certificatePem, wantAssertionsSigned: true });
    expect(xml).toContain('entityID="https://sso.example.com/saml/sp/d-1?a=1&amp;b=&quot;2&quot;"');
    expect(xml).toContain(`<ds:X509Certificate>${body(pair.certificatePem)}</ds:X509Certificate>`);
  });
});

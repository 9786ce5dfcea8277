import { describe, expect, it } from 'vitest';
import { csrfToken, csrfValid } from '../../../src/portal/csrf.js';
import { escapeHtml, html, trusted } from '../../../src/portal/html.js';
import { signInPage } from '../../../src/portal/pages.js';
import { cookieHeader, parseCookies, portalPath } from '../../../src/portal/session-cookie.js';

describe('portal HTML escaping', () => {
  it('escapes every interpolated string, in text and in attributes', () => {
    const evil = `"><script>alert('x')</script>&\``;
    expect(escapeHtml(evil)).toBe('&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&#96;');
    expect(html`<p title="${evil}">${evil}</p>`.value).toBe(
      '<p title="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&#96;">&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&#96;</p>',
    );
  });
  it('keeps Html as it is, joins arrays, drops null, undefined and booleans', () => {
    expect(html`<ul>${['<a>', html`<li>b</li>`]}</ul>`.value).toBe('<ul>&lt;a&gt;<li>b</li></ul>');
    expect(html`${null}${undefined}${false}${true}${0}`.value).toBe('0');
    expect(html`${trusted('<svg/>')}`.value).toBe('<svg/>');
  });
  it('renders a user name typed back into the form escaped', () => {
    const page = signInPage({ directoryName: 'd<1>', csrf: 't', userName: '"><img src=x onerror=alert(1)>', error: 'Nope' }).value;
    expect(page).not.toContain('<img');
    expect(page).toContain('value="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"');
    expect(page).toContain('action="/portal/d%3C1%3E/login"');
    expect(page).toContain('role="alert"');
  });
});

describe('portal CSRF tokens', () => {
  it('accept only the token derived from the same cookie', () => {
    const t = csrfToken('cookie-a');
    expect(csrfValid('cookie-a', t)).toBe(true);
    expect(csrfValid('cookie-b', t)).toBe(false);
    expect(csrfValid(undefined, t)).toBe(false);
    expect(csrfValid('cookie-a', undefined)).toBe(false);
    expect(csrfValid('cookie-a', [t])).toBe(false);
    expect(csrfValid('cookie-a', `${t}x`)).toBe(false);
  });
});

describe('portal cookies', () => {
  it('are httpOnly, SameSite=Lax, Path=/ and Secure only when asked', () => {
    expect(cookieHeader('n', 'v', { secure: true, maxAgeSeconds: 28800 })).toBe('n=v; Path=/; Max-Age=28800; HttpOnly; SameSite=Lax; Secure');
    expect(cookieHeader('n', 'v', { secure: false, maxAgeSeconds: 0 })).toBe('n=v; Path=/; Max-Age=0; HttpOnly; SameSite=Lax');
  });
  it('parse leniently: first of a name wins, malformed pairs skipped, quotes removed', () => {
    const c = parseCookies('a=1; junk; b="2"; a=3; =x');
    expect([...c]).toEqual([
      ['a', '1'],
      ['b', '2'],
    ]);
  });
  it('name the directory in the path, encoded', () => {
    expect(portalPath('my-dir', '/login')).toBe('/portal/my-dir/login');
    expect(portalPath('a/b')).toBe('/portal/a%2Fb');
  });
});

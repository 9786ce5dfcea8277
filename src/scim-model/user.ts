import { binary, bool, complex, multiValuedSubs, ref, str, type SchemaDefinition } from './types.js';

/** RFC 7643 §4.1 and §8.7.1: the core User schema. */
export const USER_SCHEMA_ID = 'urn:ietf:params:scim:schemas:core:2.0:User';

export const USER_SCHEMA: SchemaDefinition = {
  id: USER_SCHEMA_ID,
  name: 'User',
  description: 'User Account',
  attributes: [
    str(
      'userName',
      "Unique identifier for the User, typically used by the user to directly authenticate to the service provider. Each User MUST include a non-empty userName value. This identifier MUST be unique across the service provider's entire set of Users. REQUIRED.",
      { required: true, uniqueness: 'server' },
    ),
    complex("name", "The components of the user's real name. Providers MAY return just the full name as a single string in the formatted sub-attribute, or they MAY return just the individual component attributes using the other sub-attributes, or they MAY return both.", [
      str('formatted', "The full name, including all middle names, titles, and suffixes as appropriate, formatted for display (e.g., 'Ms. Barbara J Jensen, III')."),
      str('familyName', "The family name of the User, or last name in most Western languages (e.g., 'Jensen' given the full name 'Ms. Barbara J Jensen, III')."),
      str('givenName', "The given name of the User, or first name in most Western languages (e.g., 'Barbara' given the full name 'Ms. Barbara J Jensen, III')."),
      str('middleName', "The middle name(s) of the User (e.g., 'Jane' given the full name 'Ms. Barbara J Jensen, III')."),
      str('honorificPrefix', "The honorific prefix(es) of the User, or title in most Western languages (e.g., 'Ms.' given the full name 'Ms. Barbara J Jensen, III')."),
      str('honorificSuffix', "The honorific suffix(es) of the User, or suffix in most Western languages (e.g., 'III' given the full name 'Ms. Barbara J Jensen, III')."),
    ]),
    str('displayName', 'The name of the User, suitable for display to end-users. The name SHOULD be the full name of the User being described, if known.'),
    str('nickName', "The casual way to address the user in real life, e.g., 'Bob' or 'Bobby' instead of 'Robert'."),
    ref('profileUrl', "A fully qualified URL pointing to a page representing the User's online profile.", ['external']),
    str('title', "The user's title, such as \"Vice President.\""),
    str('userType', "Used to identify the relationship between the organization and the user. Typical values used might be 'Contractor', 'Employee', 'Intern', 'Temp', 'External', and 'Unknown', but any value may be used."),
    str('preferredLanguage', "Indicates the User's preferred written or spoken language. Generally used for selecting a localized user interface; e.g., 'en_US' specifies the language English and country US."),
    str('locale', "Used to indicate the User's default location for purposes of localizing items such as currency, date time format, or numerical representations."),
    str('timezone', "The User's time zone in the 'Olson' time zone database format, e.g., 'America/Los_Angeles'."),
    bool('active', "A Boolean value indicating the User's administrative status."),
    str('password', "The User's cleartext password. This attribute is intended to be used as a means to specify an initial password when creating a new User or to reset an existing User's password.", {
      mutability: 'writeOnly',
      returned: 'never',
    }),
    complex('emails', "Email addresses for the user. The value SHOULD be canonicalized by the service provider, e.g., 'bjensen@example.com' instead of 'bjensen@EXAMPLE.COM'. Canonical type values of 'work', 'home', and 'other'.", multiValuedSubs(str('value', "Email addresses for the user. The value SHOULD be canonicalized by the service provider, e.g., 'bjensen@example.com' instead of 'bjensen@EXAMPLE.COM'. Canonical type values of 'work', 'home', and 'other'."), 'mailing address or primary email address', ['work', 'home', 'other']), { multiValued: true }),
    complex('phoneNumbers', "Phone numbers for the User. The value SHOULD be canonicalized by the service provider according to the format specified in RFC 3966, e.g., 'tel:+1-201-555-0123'. Canonical type values of 'work', 'home', 'mobile', 'fax', 'pager', and 'other'.", multiValuedSubs(str('value', 'Phone number of the User.'), 'phone number', ['work', 'home', 'mobile', 'fax', 'pager', 'other']), { multiValued: true }),
    complex('ims', 'Instant messaging addresses for the User.', multiValuedSubs(str('value', 'Instant messaging address for the User.'), 'messenger', ['aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo']), { multiValued: true }),
    complex('photos', 'URLs of photos of the User.', multiValuedSubs(ref('value', 'URL of a photo of the User.', ['external']), 'photo or thumbnail', ['photo', 'thumbnail']), { multiValued: true }),
    complex("addresses", "A physical mailing address for this User. Canonical type values of 'work', 'home', and 'other'. This attribute is a complex type with the following sub-attributes.", [
      str('formatted', 'The full mailing address, formatted for display or use with a mailing label. This attribute MAY contain newlines.'),
      str('streetAddress', 'The full street address component, which may include house number, street name, P.O. box, and multi-line extended street address information. This attribute MAY contain newlines.'),
      str('locality', 'The city or locality component.'),
      str('region', 'The state or region component.'),
      str('postalCode', 'The zip code or postal code component.'),
      str('country', 'The country name component.'),
      str('type', "A label indicating the attribute's function, e.g., 'work' or 'home'.", { canonicalValues: ['work', 'home', 'other'] }),
      bool('primary', "A Boolean value indicating the 'primary' or preferred attribute value for this attribute, e.g., the preferred mailing address or primary email address. The primary attribute value 'true' MUST appear no more than once."),
    ], { multiValued: true }),
    complex('groups', "A list of groups to which the user belongs, either through direct membership, through nested groups, or dynamically calculated. Returned when requested with attributes=groups (this server does not compute it for every read).", [
      str('value', "The identifier of the User's group.", { mutability: 'readOnly' }),
      ref('$ref', "The URI of the corresponding 'Group' resource to which the user belongs.", ['User', 'Group'], { mutability: 'readOnly' }),
      str('display', 'A human-readable name, primarily used for display purposes. READ-ONLY.', { mutability: 'readOnly' }),
      str('type', "A label indicating the attribute's function, e.g., 'direct' or 'indirect'.", { mutability: 'readOnly', canonicalValues: ['direct', 'indirect'] }),
    ], { multiValued: true, mutability: 'readOnly', returned: 'request' }),
    complex('entitlements', 'A list of entitlements for the User that represent a thing the User has.', multiValuedSubs(str('value', 'The value of an entitlement.'), 'entitlement', []), { multiValued: true }),
    complex('roles', "A list of roles for the User that collectively represent who the User is, e.g., 'Student', 'Faculty'.", multiValuedSubs(str('value', 'The value of a role.'), 'role', []), { multiValued: true }),
    complex('x509Certificates', 'A list of certificates issued to the User.', multiValuedSubs(binary('value', 'The value of an X.509 certificate.'), 'certificate', []), { multiValued: true }),
  ],
};

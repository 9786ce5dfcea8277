import { m } from './messages';

/**
 * The console's navigation, one section per area. Pages exist only for APIs the server has.
 */
export interface NavItem {
  /** Route segments joined by `/` (also the Menu key). */
  readonly key: string;
  readonly label: string;
}

export interface NavSection {
  readonly key: string;
  readonly label: string;
  readonly items: readonly NavItem[];
}

export const NAVIGATION: readonly NavSection[] = [
  {
    key: 'directory',
    label: m.nav.directory,
    items: [
      { key: 'overview', label: m.nav.overview },
      { key: 'users', label: m.nav.users },
      { key: 'groups', label: m.nav.groups },
      { key: 'scim-credentials', label: m.nav.scimCredentials },
      { key: 'sign-in-settings', label: m.nav.signInSettings },
    ],
  },
  {
    key: 'access',
    label: m.nav.access,
    items: [
      { key: 'access-configurations', label: m.nav.accessConfigurations },
      { key: 'assignments', label: m.nav.assignments },
      { key: 'provisionings', label: m.nav.provisionings },
    ],
  },
  {
    key: 'ram',
    label: m.nav.ram,
    items: [
      { key: 'ram/users', label: m.nav.ramUsers },
      { key: 'ram/policies', label: m.nav.ramPolicies },
    ],
  },
  {
    key: 'operations',
    label: m.nav.operations,
    items: [
      { key: 'tasks', label: m.nav.tasks },
      { key: 'audit-log', label: m.nav.auditLog },
      { key: 'webhooks', label: m.nav.webhooks },
    ],
  },
];

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Button, Drawer, Form, Grid, Input, Layout, Menu, Select } from 'antd';
import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { ChunkErrorBoundary, ErrorAlert, Loading, PageHeader, useNotifyError } from './components/common';
import { DirectoryContext, useApi } from './context';
import type { ConsoleCredentials } from './api/session';
import { m } from './messages';
import { NAVIGATION } from './navigation';
import { href, useRoute } from './router';

/** Every page is its own chunk, fetched when first shown, with the components it uses. */
const LOADERS = {
  overview: () => import('./pages/Overview'),
  users: () => import('./pages/Users'),
  groups: () => import('./pages/Groups'),
  'scim-credentials': () => import('./pages/ScimCredentials'),
  'sign-in-settings': () => import('./pages/SignInSettings'),
  'audit-log': () => import('./pages/AuditLog'),
  'access-configurations': () => import('./pages/AccessConfigurations'),
  assignments: () => import('./pages/Assignments'),
  provisionings: () => import('./pages/Provisionings'),
  tasks: () => import('./pages/Tasks'),
  webhooks: () => import('./pages/Webhooks'),
  ram: () => Promise.all([import('./pages/RamUsers'), import('./pages/RamPolicies')]),
} as const;

const Overview = lazy(() => LOADERS.overview().then((p) => ({ default: p.Overview })));
const UsersPage = lazy(() => LOADERS.users().then((p) => ({ default: p.UsersPage })));
const UserDetail = lazy(() => LOADERS.users().then((p) => ({ default: p.UserDetail })));
const GroupsPage = lazy(() => LOADERS.groups().then((p) => ({ default: p.GroupsPage })));
const GroupDetail = lazy(() => LOADERS.groups().then((p) => ({ default: p.GroupDetail })));
const ScimCredentialsPage = lazy(() => LOADERS['scim-credentials']().then((p) => ({ default: p.ScimCredentialsPage })));
const RamUsersPage = lazy(() => import('./pages/RamUsers').then((p) => ({ default: p.RamUsersPage })));
const RamUserDetail = lazy(() => import('./pages/RamUsers').then((p) => ({ default: p.RamUserDetail })));
const RamPoliciesPage = lazy(() => import('./pages/RamPolicies').then((p) => ({ default: p.RamPoliciesPage })));
const RamPolicyDetail = lazy(() => import('./pages/RamPolicies').then((p) => ({ default: p.RamPolicyDetail })));
const SignInSettingsPage = lazy(() => LOADERS['sign-in-settings']().then((p) => ({ default: p.SignInSettingsPage })));
const AccessConfigurationsPage = lazy(() =>
  LOADERS['access-configurations']().then((p) => ({ default: p.AccessConfigurationsPage })),
);
const AccessConfigurationDetail = lazy(() =>
  LOADERS['access-configurations']().then((p) => ({ default: p.AccessConfigurationDetail })),
);
const AssignmentsPage = lazy(() => LOADERS.assignments().then((p) => ({ default: p.AssignmentsPage })));
const ProvisioningsPage = lazy(() => LOADERS.provisionings().then((p) => ({ default: p.ProvisioningsPage })));
const TasksPage = lazy(() => LOADERS.tasks().then((p) => ({ default: p.TasksPage })));
const WebhooksPage = lazy(() => LOADERS.webhooks().then((p) => ({ default: p.WebhooksPage })));
const AuditLogPage = lazy(() => LOADERS['audit-log']().then((p) => ({ default: p.AuditLogPage })));

/** Starts fetching the page's chunk while the directory list is still on its way. */
function prefetchPage(page: string): void {
  const load = (LOADERS as Record<string, (() => Promise<unknown>) | undefined>)[page] ?? LOADERS.overview;
  void load().catch(() => undefined);
}

interface Directory {
  DirectoryId: string;
  DirectoryName: string;
}

export function Shell({ creds, onSignOut }: { creds: ConsoleCredentials; onSignOut: () => void }) {
  const who = creds.label !== undefined ? m.signedInAsUser(creds.label) : m.signedInAs(creds.accessKeyId);
  const expiry = creds.expiration !== undefined ? new Date(creds.expiration) : undefined;
  const expires = expiry && m.expiresAt(expiry.toLocaleString());
  const route = useRoute();
  const page = route[0] ?? 'overview';
  useEffect(() => prefetchPage(page), [page]);
  const screens = Grid.useBreakpoint();
  const narrow = !screens.lg;
  const [menuOpen, setMenuOpen] = useState(false);
  const selected = route[0] === 'ram' ? `ram/${route[1] ?? 'users'}` : (route[0] ?? 'overview');
  const menu = (
    <nav aria-label={m.mainNavigation}>
      <Menu
        mode="inline"
        selectedKeys={[selected]}
        onClick={() => setMenuOpen(false)}
        items={NAVIGATION.map((section) => ({
          type: 'group' as const,
          key: section.key,
          label: section.label,
          children: section.items.map((item) => ({
            key: item.key,
            label: <a href={href(...item.key.split('/'))}>{item.label}</a>,
          })),
        }))}
      />
    </nav>
  );
  // AntApp (notifications, messages, confirmations) only once signed in: sign-in needs none of it.
  return (
    <AntApp>
      <Layout style={{ minHeight: '100vh' }}>
        <a className="skip-link" href="#main">
          {m.skipToContent}
        </a>
        <Layout.Header className="app-header">
          {narrow && (
            <Button onClick={() => setMenuOpen(true)} aria-label={m.openMenu} aria-expanded={menuOpen}>
              ☰
            </Button>
          )}
          <span className="app-title">{m.product}</span>
          <span className="app-user" title={expires ? `${who}. ${expires}` : who}>
            {!narrow && <span className="app-key">{who}</span>}
            {expires && (
              <span className="app-expiry" role="status">
                {narrow ? m.expiresShort(expiry!.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })) : expires}
              </span>
            )}
            <Button onClick={onSignOut}>{m.signOut}</Button>
          </span>
        </Layout.Header>
        <Layout>
          {narrow ? (
            <Drawer open={menuOpen} onClose={() => setMenuOpen(false)} placement="left" title={m.product} size={260}>
              {menu}
            </Drawer>
          ) : (
            <Layout.Sider width={220} theme="light" className="app-sider">
              {menu}
            </Layout.Sider>
          )}
          <Layout.Content className="app-content">
            <main id="main" tabIndex={-1}>
              <ChunkErrorBoundary>
                <Suspense fallback={<Loading />}>
                  <DirectoryGate route={route} />
                </Suspense>
              </ChunkErrorBoundary>
            </main>
          </Layout.Content>
        </Layout>
      </Layout>
    </AntApp>
  );
}

const DIRECTORY_PAGES = new Set([
  'overview',
  'users',
  'groups',
  'scim-credentials',
  'sign-in-settings',
  'access-configurations',
  'assignments',
  'provisionings',
  'tasks',
]);

/** Directory pages need a directory: the first one, or the one chosen when there are several. */
function DirectoryGate({ route }: { route: string[] }) {
  const call = useApi();
  const directories = useQuery({
    queryKey: ['directories'],
    queryFn: () => call<{ Directories: Directory[] }>('cloudsso', 'ListDirectories'),
  });
  const [chosen, setChosen] = useState<string>();
  const page = route[0] ?? 'overview';

  if (!DIRECTORY_PAGES.has(page)) return <Page route={route} />;
  if (directories.isPending) return <Loading />;
  if (directories.isError) {
    return <ErrorAlert title={m.common.loadFailed} error={directories.error} onRetry={() => void directories.refetch()} />;
  }
  const list = directories.data.Directories;
  if (list.length === 0) return <CreateDirectory />;
  const directoryId = list.some((d) => d.DirectoryId === chosen) ? chosen! : list[0]!.DirectoryId;
  return (
    <DirectoryContext.Provider value={directoryId}>
      {list.length > 1 && (
        <div className="directory-picker">
          <label htmlFor="directory-picker">{m.directory.choose}</label>
          <Select
            id="directory-picker"
            value={directoryId}
            onChange={setChosen}
            options={list.map((d) => ({ value: d.DirectoryId, label: `${d.DirectoryName} (${d.DirectoryId})` }))}
            style={{ minWidth: 260 }}
          />
        </div>
      )}
      <Page route={route} />
    </DirectoryContext.Provider>
  );
}

function Page({ route }: { route: string[] }): ReactNode {
  const [page = 'overview', a, b] = route;
  switch (page) {
    case 'overview':
      return <Overview />;
    case 'users':
      return a ? <UserDetail userId={a} /> : <UsersPage />;
    case 'groups':
      return a ? <GroupDetail groupId={a} /> : <GroupsPage />;
    case 'scim-credentials':
      return <ScimCredentialsPage />;
    case 'sign-in-settings':
      return <SignInSettingsPage />;
    case 'audit-log':
      return <AuditLogPage />;
    case 'access-configurations':
      return a ? <AccessConfigurationDetail accessConfigurationId={a} /> : <AccessConfigurationsPage />;
    case 'assignments':
      return <AssignmentsPage />;
    case 'provisionings':
      return <ProvisioningsPage />;
    case 'tasks':
      return <TasksPage />;
    case 'webhooks':
      return <WebhooksPage />;
    case 'ram':
      if (a === 'policies') return b ? <RamPolicyDetail policyName={b} /> : <RamPoliciesPage />;
      return b ? <RamUserDetail userName={b} /> : <RamUsersPage />;
    default:
      return <Overview />;
  }
}

function CreateDirectory() {
  const call = useApi();
  const queryClient = useQueryClient();
  const notifyError = useNotifyError();
  const create = useMutation({
    mutationFn: (name: string) => call('cloudsso', 'CreateDirectory', name ? { DirectoryName: name } : {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['directories'] }),
    onError: notifyError,
  });
  return (
    <section>
      <PageHeader title={m.directory.title} intro={m.directory.none} />
      <Form layout="inline" onFinish={(v: { name?: string }) => create.mutate(v.name?.trim() ?? '')}>
        <Form.Item name="name" label={m.directory.createName}>
          <Input />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={create.isPending}>
          {m.directory.create}
        </Button>
      </Form>
    </section>
  );
}


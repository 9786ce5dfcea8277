import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Drawer, Form, Grid, Input, Layout, Menu, Select } from 'antd';
import { useMemo, useState, type ReactNode } from 'react';
import { clearSession, loadSession, saveSession } from './api/session';
import type { Acs3Credentials } from './api/signer';
import { ErrorAlert, Loading, PageHeader, useNotifyError } from './components/common';
import { DirectoryContext, SessionContext, useApi } from './context';
import { m } from './messages';
import { NAVIGATION } from './navigation';
import { GroupDetail, GroupsPage } from './pages/Groups';
import { Overview } from './pages/Overview';
import { RamPoliciesPage, RamPolicyDetail } from './pages/RamPolicies';
import { RamUserDetail, RamUsersPage } from './pages/RamUsers';
import { ScimCredentialsPage } from './pages/ScimCredentials';
import { SignIn } from './pages/SignIn';
import { UserDetail, UsersPage } from './pages/Users';
import { href, useRoute } from './router';

interface Directory {
  DirectoryId: string;
  DirectoryName: string;
}

export function App() {
  const [creds, setCreds] = useState<Acs3Credentials | undefined>(loadSession);
  const queryClient = useQueryClient();
  const session = useMemo(
    () =>
      creds && {
        creds,
        signOut: () => {
          clearSession();
          queryClient.clear();
          setCreds(undefined);
        },
      },
    [creds, queryClient],
  );
  if (!session) {
    return (
      <SignIn
        onSignIn={(c, remember) => {
          saveSession(c, remember);
          setCreds(c);
        }}
      />
    );
  }
  return (
    <SessionContext.Provider value={session}>
      <Shell accessKeyId={session.creds.accessKeyId} onSignOut={session.signOut} />
    </SessionContext.Provider>
  );
}

function Shell({ accessKeyId, onSignOut }: { accessKeyId: string; onSignOut: () => void }) {
  const route = useRoute();
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
  return (
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
        <span className="app-user" title={m.signedInAs(accessKeyId)}>
          {!narrow && <span className="app-key">{m.signedInAs(accessKeyId)}</span>}
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
            <DirectoryGate route={route} />
          </main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

const DIRECTORY_PAGES = new Set(['overview', 'users', 'groups', 'scim-credentials']);

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


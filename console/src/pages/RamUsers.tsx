import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Form, Input, Modal, Popconfirm, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { CopyField, ErrorAlert, PageHeader, Pager, QueryView, useNotifyError, useNotifySuccess, usePager } from '../components/common';
import { useApi } from '../context';
import { m } from '../messages';
import { href, navigate } from '../router';
import type { RamPolicy } from './RamPolicies';
import { StatusTag } from './Users';

interface RamUser {
  UserId: string;
  UserName: string;
  DisplayName?: string;
  CreateDate: string;
}

interface AccessKey {
  AccessKeyId: string;
  Status: string;
  CreateDate: string;
}

const PAGE_SIZE = 50;

export function RamUsersPage() {
  const call = useApi();
  const pager = usePager();
  const [creating, setCreating] = useState(false);
  const list = useQuery({
    queryKey: ['ram-users', pager.token],
    queryFn: () =>
      call<{ Users: { User: RamUser[] }; IsTruncated: boolean; Marker?: string }>('ram', 'ListUsers', {
        MaxItems: PAGE_SIZE,
        ...(pager.token ? { Marker: pager.token } : {}),
      }),
  });
  return (
    <section>
      <PageHeader
        title={m.ram.usersTitle}
        intro={m.ram.usersIntro}
        extra={
          <Button type="primary" onClick={() => setCreating(true)}>
            {m.ram.createUser}
          </Button>
        }
      />
      <QueryView query={list} isEmpty={(d) => d.Users.User.length === 0 && pager.page === 1} empty={m.ram.usersEmpty}>
        {(d) => (
          <>
            <Table<RamUser>
              rowKey="UserId"
              dataSource={d.Users.User}
              pagination={false}
              scroll={{ x: true }}
              columns={[
                { title: m.ram.userName, dataIndex: 'UserName', render: (n: string) => <a href={href('ram', 'users', n)}>{n}</a> },
                { title: m.common.displayName, dataIndex: 'DisplayName' },
                { title: m.common.created, dataIndex: 'CreateDate', responsive: ['md'] },
              ]}
            />
            <Pager pager={pager} nextToken={d.IsTruncated ? d.Marker : undefined} shown={d.Users.User.length} pageSize={PAGE_SIZE} />
          </>
        )}
      </QueryView>
      {creating && <CreateRamUserModal onClose={() => setCreating(false)} />}
    </section>
  );
}

function CreateRamUserModal({ onClose }: { onClose: () => void }) {
  const call = useApi();
  const queryClient = useQueryClient();
  const notifySuccess = useNotifySuccess();
  const [form] = Form.useForm<{ UserName: string; DisplayName?: string }>();
  const create = useMutation({
    mutationFn: (v: { UserName: string; DisplayName?: string }) =>
      call<{ User: RamUser }>('ram', 'CreateUser', {
        UserName: v.UserName.trim(),
        ...(v.DisplayName?.trim() ? { DisplayName: v.DisplayName.trim() } : {}),
      }),
    onSuccess: (r) => {
      notifySuccess(m.ram.userCreated(r.User.UserName));
      void queryClient.invalidateQueries({ queryKey: ['ram-users'] });
      onClose();
    },
  });
  return (
    <Modal open title={m.ram.createUser} okText={m.common.create} cancelText={m.common.cancel} onCancel={onClose} onOk={() => form.submit()} confirmLoading={create.isPending}>
      {create.isError && (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={create.error} />
        </div>
      )}
      <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)}>
        <Form.Item name="UserName" label={m.ram.userName} rules={[{ required: true, whitespace: true }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="DisplayName" label={m.common.displayName}>
          <Input autoComplete="off" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function RamUserDetail({ userName }: { userName: string }) {
  const call = useApi();
  const queryClient = useQueryClient();
  const notifyError = useNotifyError();
  const notifySuccess = useNotifySuccess();
  const [newKey, setNewKey] = useState<{ id: string; secret: string }>();
  const [policyToAttach, setPolicyToAttach] = useState<string>();
  const user = useQuery({ queryKey: ['ram-user', userName], queryFn: () => call<{ User: RamUser }>('ram', 'GetUser', { UserName: userName }) });
  const keys = useQuery({
    queryKey: ['ram-keys', userName],
    queryFn: () => call<{ AccessKeys: { AccessKey: AccessKey[] } }>('ram', 'ListAccessKeys', { UserName: userName }),
  });
  const groups = useQuery({
    queryKey: ['ram-user-groups', userName],
    queryFn: () => call<{ Groups: { Group: { GroupName: string }[] } }>('ram', 'ListGroupsForUser', { UserName: userName }),
  });
  const policies = useQuery({
    queryKey: ['ram-user-policies', userName],
    queryFn: () => call<{ Policies: { Policy: (RamPolicy & { AttachDate: string })[] } }>('ram', 'ListPoliciesForUser', { UserName: userName }),
  });
  const allPolicies = useQuery({
    queryKey: ['ram-policies-all'],
    queryFn: () => call<{ Policies: { Policy: RamPolicy[] } }>('ram', 'ListPolicies', { MaxItems: 1000 }),
  });
  const refreshKeys = () => void queryClient.invalidateQueries({ queryKey: ['ram-keys', userName] });
  const refreshPolicies = () => {
    void queryClient.invalidateQueries({ queryKey: ['ram-user-policies', userName] });
    void queryClient.invalidateQueries({ queryKey: ['ram-policies'] });
  };
  const createKey = useMutation({
    mutationFn: () => call<{ AccessKey: AccessKey & { AccessKeySecret: string } }>('ram', 'CreateAccessKey', { UserName: userName }),
    onSuccess: (r) => {
      setNewKey({ id: r.AccessKey.AccessKeyId, secret: r.AccessKey.AccessKeySecret });
      refreshKeys();
    },
    onError: notifyError,
  });
  const setKeyStatus = useMutation({
    mutationFn: (v: { id: string; status: 'Active' | 'Inactive' }) =>
      call('ram', 'UpdateAccessKey', { UserName: userName, UserAccessKeyId: v.id, Status: v.status }),
    onSuccess: (_r, v) => {
      notifySuccess(m.ram.keyStatus(v.status));
      refreshKeys();
    },
    onError: notifyError,
  });
  const deleteKey = useMutation({
    mutationFn: (id: string) => call('ram', 'DeleteAccessKey', { UserName: userName, UserAccessKeyId: id }),
    onSuccess: () => {
      notifySuccess(m.ram.keyDeleted);
      refreshKeys();
    },
    onError: notifyError,
  });
  const attach = useMutation({
    mutationFn: (policy: RamPolicy) => call('ram', 'AttachPolicyToUser', { UserName: userName, PolicyName: policy.PolicyName, PolicyType: policy.PolicyType }),
    onSuccess: () => {
      notifySuccess(m.ram.attached);
      setPolicyToAttach(undefined);
      refreshPolicies();
    },
    onError: notifyError,
  });
  const detach = useMutation({
    mutationFn: (policy: RamPolicy) => call('ram', 'DetachPolicyFromUser', { UserName: userName, PolicyName: policy.PolicyName, PolicyType: policy.PolicyType }),
    onSuccess: () => {
      notifySuccess(m.ram.detached);
      refreshPolicies();
    },
    onError: notifyError,
  });
  const removeUser = useMutation({
    mutationFn: () => call('ram', 'DeleteUser', { UserName: userName }),
    onSuccess: () => {
      notifySuccess(m.ram.userDeleted);
      void queryClient.invalidateQueries({ queryKey: ['ram-users'] });
      navigate('ram', 'users');
    },
    onError: notifyError,
  });
  const attachedNames = new Set(policies.data?.Policies.Policy.map((p) => `${p.PolicyType}:${p.PolicyName}`) ?? []);
  const attachable = (allPolicies.data?.Policies.Policy ?? []).filter((p) => !attachedNames.has(`${p.PolicyType}:${p.PolicyName}`));

  return (
    <section>
      <a href={href('ram', 'users')}>← {m.ram.usersTitle}</a>
      <QueryView query={user}>
        {({ User: u }) => (
          <>
            <PageHeader
              title={u.UserName}
              extra={
                <Popconfirm
                      placement="bottom"
                  title={m.common.confirmDelete(u.UserName)}
                  okText={m.common.delete}
                  okButtonProps={{ danger: true }}
                  cancelText={m.common.cancel}
                  onConfirm={() => removeUser.mutateAsync().catch(() => undefined)}
                >
                  <Button danger>{m.common.delete}</Button>
                </Popconfirm>
              }
            />
            <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 24 }}>
              <Descriptions.Item label={m.ram.userId}>
                <Typography.Text code>{u.UserId}</Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={m.common.displayName}>{u.DisplayName || m.common.none}</Descriptions.Item>
              <Descriptions.Item label={m.common.created}>{u.CreateDate}</Descriptions.Item>
              <Descriptions.Item label={m.ram.userGroups}>
                {groups.data ? groups.data.Groups.Group.map((g) => g.GroupName).join(', ') || m.ram.userGroupsEmpty : m.common.loading}
              </Descriptions.Item>
            </Descriptions>
          </>
        )}
      </QueryView>
      {user.isSuccess && (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <Card
            title={<h2 className="card-title">{m.ram.keys}</h2>}
            extra={
              <Button onClick={() => createKey.mutate()} loading={createKey.isPending}>
                {m.ram.createKey}
              </Button>
            }
          >
            <QueryView query={keys} isEmpty={(d) => d.AccessKeys.AccessKey.length === 0} empty={m.ram.keysEmpty}>
              {(d) => (
                <Table<AccessKey>
                  rowKey="AccessKeyId"
                  size="small"
                  pagination={false}
                  scroll={{ x: true }}
                  dataSource={d.AccessKeys.AccessKey}
                  columns={[
                    { title: m.ram.keyId, dataIndex: 'AccessKeyId' },
                    { title: m.common.status, dataIndex: 'Status', render: (s: string) => <StatusTag status={s} /> },
                    { title: m.common.created, dataIndex: 'CreateDate', responsive: ['md'] },
                    {
                      title: m.common.actions,
                      key: 'actions',
                      render: (_: unknown, k) => {
                        const next = k.Status === 'Active' ? 'Inactive' : 'Active';
                        return (
                          <Space wrap>
                            <Popconfirm
                      placement="bottom"
                              title={next === 'Inactive' ? m.ram.confirmDeactivate : m.ram.confirmActivate}
                              okText={next === 'Inactive' ? m.ram.deactivate : m.ram.activate}
                              cancelText={m.common.cancel}
                              onConfirm={() => setKeyStatus.mutateAsync({ id: k.AccessKeyId, status: next }).catch(() => undefined)}
                            >
                              <Button size="small">{next === 'Inactive' ? m.ram.deactivate : m.ram.activate}</Button>
                            </Popconfirm>
                            <Popconfirm
                      placement="bottom"
                              title={m.common.confirmDelete(k.AccessKeyId)}
                              okText={m.common.delete}
                              okButtonProps={{ danger: true }}
                              cancelText={m.common.cancel}
                              onConfirm={() => deleteKey.mutateAsync(k.AccessKeyId).catch(() => undefined)}
                            >
                              <Button size="small" danger>
                                {m.common.delete}
                              </Button>
                            </Popconfirm>
                          </Space>
                        );
                      },
                    },
                  ]}
                />
              )}
            </QueryView>
          </Card>
          <Card title={<h2 className="card-title">{m.ram.policies}</h2>}>
            <form
              className="inline-form"
              onSubmit={(e) => {
                e.preventDefault();
                const p = attachable.find((x) => `${x.PolicyType}:${x.PolicyName}` === policyToAttach);
                if (p) attach.mutate(p);
              }}
            >
              <label htmlFor="attach-policy">{m.ram.attachLabel}</label>
              <Space.Compact>
                <Select
                  id="attach-policy"
                  style={{ minWidth: 220 }}
                  value={policyToAttach}
                  onChange={setPolicyToAttach}
                  showSearch
                  loading={allPolicies.isPending}
                  options={attachable.map((p) => ({ value: `${p.PolicyType}:${p.PolicyName}`, label: `${p.PolicyName} (${p.PolicyType})` }))}
                />
                <Button htmlType="submit" type="primary" disabled={!policyToAttach} loading={attach.isPending}>
                  {m.ram.attach}
                </Button>
              </Space.Compact>
            </form>
            <QueryView query={policies} isEmpty={(d) => d.Policies.Policy.length === 0} empty={m.ram.policiesEmpty}>
              {(d) => (
                <Table
                  rowKey={(p) => `${p.PolicyType}:${p.PolicyName}`}
                  size="small"
                  pagination={false}
                  scroll={{ x: true }}
                  dataSource={d.Policies.Policy}
                  columns={[
                    { title: m.ram.policyName, dataIndex: 'PolicyName', render: (n: string) => <a href={href('ram', 'policies', n)}>{n}</a> },
                    { title: m.ram.policyType, dataIndex: 'PolicyType' },
                    { title: m.ram.attachDate, dataIndex: 'AttachDate', responsive: ['md'] },
                    {
                      title: m.common.actions,
                      key: 'actions',
                      render: (_: unknown, p) => (
                        <Popconfirm placement="bottom" title={m.ram.confirmDetach(p.PolicyName)} okText={m.ram.detach} cancelText={m.common.cancel} onConfirm={() => detach.mutateAsync(p).catch(() => undefined)}>
                          <Button size="small" aria-label={`${m.ram.detach} ${p.PolicyName}`}>
                            {m.ram.detach}
                          </Button>
                        </Popconfirm>
                      ),
                    },
                  ]}
                />
              )}
            </QueryView>
          </Card>
        </Space>
      )}
      <Modal
        open={newKey !== undefined}
        title={m.ram.keyCreatedTitle}
        closable={false}
        mask={{ closable: false }}
        onOk={() => setNewKey(undefined)}
        okText={m.scim.secretCopiedClose}
        cancelButtonProps={{ style: { display: 'none' } }}
      >
        <Alert type="warning" showIcon title={m.ram.keySecretWarning} style={{ marginBottom: 16 }} />
        {newKey && (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <CopyField id="new-key-id" label={m.ram.keyId} value={newKey.id} />
            <CopyField id="new-key-secret" label={m.ram.keySecret} value={newKey.secret} />
          </Space>
        )}
      </Modal>
    </section>
  );
}

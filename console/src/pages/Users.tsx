import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Descriptions, Form, Input, Modal, Popconfirm, Radio, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { startsWith } from '../api/filter';
import {
  CopyField,
  ErrorAlert,
  PageHeader,
  Pager,
  QueryView,
  SearchBox,
  useNotifyError,
  useNotifySuccess,
  usePager,
} from '../components/common';
import { useApi, useDirectoryId } from '../context';
import { m } from '../messages';
import { href, navigate } from '../router';
import { useSyncStatus } from './Overview';

export interface User {
  UserId: string;
  UserName: string;
  DisplayName: string;
  FirstName: string;
  LastName: string;
  Email: string;
  Description: string;
  Status: string;
  ProvisionType: string;
  CreateTime: string;
  UpdateTime: string;
  ExternalId?: { Id: string; Issuer: string };
  Tags: { Key: string; Value: string }[];
}

interface Paged {
  NextToken?: string;
  TotalCounts: number;
}

const PAGE_SIZE = 20;

export function StatusTag({ status }: { status: string }) {
  const on = status === 'Enabled' || status === 'Active';
  return <Tag className={on ? 'tag-ok' : 'tag-off'}>{status}</Tag>;
}

export function ProvisionTag({ type }: { type: string }) {
  return <Tag className={type === 'Synchronized' ? 'tag-sync' : 'tag-manual'}>{type === 'Synchronized' ? m.users.synchronized : m.users.manual}</Tag>;
}

export function UsersPage() {
  const call = useApi();
  const directoryId = useDirectoryId();
  const pager = usePager();
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const list = useQuery({
    queryKey: ['users', directoryId, q, pager.token],
    queryFn: () =>
      call<Paged & { Users: User[] }>('cloudsso', 'ListUsers', {
        DirectoryId: directoryId,
        MaxResults: PAGE_SIZE,
        ...(q ? { Filter: startsWith('UserName', q) } : {}),
        ...(pager.token ? { NextToken: pager.token } : {}),
      }),
    placeholderData: (prev) => prev,
  });
  return (
    <section>
      <PageHeader
        title={m.users.title}
        extra={
          <Button type="primary" onClick={() => setCreating(true)}>
            {m.users.create}
          </Button>
        }
      />
      <SearchBox
        label={m.users.searchLabel}
        placeholder={m.users.searchPlaceholder}
        onSearch={(v) => {
          setQ(v);
          pager.reset();
        }}
      />
      <QueryView query={list} isEmpty={(d) => d.Users.length === 0 && pager.page === 1} empty={q ? m.users.emptySearch(q) : m.users.empty}>
        {(d) => (
          <>
            <Table<User>
              rowKey="UserId"
              dataSource={d.Users}
              pagination={false}
              loading={list.isFetching && list.isPlaceholderData}
              scroll={{ x: true }}
              columns={[
                {
                  title: m.users.userName,
                  dataIndex: 'UserName',
                  render: (name: string, u) => <a href={href('users', u.UserId)}>{name}</a>,
                },
                { title: m.common.displayName, dataIndex: 'DisplayName' },
                { title: m.users.email, dataIndex: 'Email', responsive: ['md'] },
                { title: m.common.status, dataIndex: 'Status', render: (s: string) => <StatusTag status={s} /> },
                { title: m.users.provisionType, dataIndex: 'ProvisionType', render: (t: string) => <ProvisionTag type={t} />, responsive: ['sm'] },
                { title: m.common.created, dataIndex: 'CreateTime', responsive: ['lg'] },
              ]}
            />
            <Pager pager={pager} nextToken={d.NextToken} shown={d.Users.length} total={d.TotalCounts} pageSize={PAGE_SIZE} />
          </>
        )}
      </QueryView>
      {creating && <CreateUserModal onClose={() => setCreating(false)} />}
    </section>
  );
}

interface CreateValues {
  UserName: string;
  DisplayName?: string;
  Email?: string;
  FirstName?: string;
  LastName?: string;
  Description?: string;
}

function CreateUserModal({ onClose }: { onClose: () => void }) {
  const call = useApi();
  const directoryId = useDirectoryId();
  const queryClient = useQueryClient();
  const notifySuccess = useNotifySuccess();
  const [form] = Form.useForm<CreateValues>();
  const create = useMutation({
    mutationFn: (v: CreateValues) => {
      const params: Record<string, string> = { DirectoryId: directoryId };
      for (const [k, val] of Object.entries(v)) if (typeof val === 'string' && val.trim() !== '') params[k] = val.trim();
      return call<{ User: User }>('cloudsso', 'CreateUser', params);
    },
    onSuccess: (r) => {
      notifySuccess(m.users.created(r.User.UserName));
      void queryClient.invalidateQueries({ queryKey: ['users', directoryId] });
      void queryClient.invalidateQueries({ queryKey: ['statistics', directoryId] });
      onClose();
    },
  });
  return (
    <Modal
      open
      title={m.users.create}
      okText={m.common.create}
      cancelText={m.common.cancel}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
    >
      {create.isError && (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={create.error} />
        </div>
      )}
      <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)}>
        <Form.Item name="UserName" label={m.users.userName} extra={m.users.userNameHelp} rules={[{ required: true, whitespace: true }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="DisplayName" label={m.common.displayName}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="Email" label={m.users.email}>
          <Input type="email" autoComplete="off" />
        </Form.Item>
        <Space wrap>
          <Form.Item name="FirstName" label={m.users.firstName}>
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="LastName" label={m.users.lastName}>
            <Input autoComplete="off" />
          </Form.Item>
        </Space>
        <Form.Item name="Description" label={m.common.description}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function UserDetail({ userId }: { userId: string }) {
  const call = useApi();
  const directoryId = useDirectoryId();
  const queryClient = useQueryClient();
  const notifyError = useNotifyError();
  const notifySuccess = useNotifySuccess();
  const [resetting, setResetting] = useState(false);
  const sync = useSyncStatus();
  const user = useQuery({
    queryKey: ['user', directoryId, userId],
    queryFn: () => call<{ User: User }>('cloudsso', 'GetUser', { DirectoryId: directoryId, UserId: userId }),
  });
  const groups = useQuery({
    queryKey: ['user-groups', directoryId, userId],
    queryFn: () =>
      call<Paged & { JoinedGroups: { GroupId: string; GroupName: string; ProvisionType: string; JoinTime: string }[] }>(
        'cloudsso',
        'ListJoinedGroupsForUser',
        { DirectoryId: directoryId, UserId: userId, MaxResults: 100 },
      ),
  });
  const setStatus = useMutation({
    mutationFn: (status: 'Enabled' | 'Disabled') =>
      call('cloudsso', 'UpdateUserStatus', { DirectoryId: directoryId, UserId: userId, NewStatus: status }),
    onSuccess: (_r, status) => {
      notifySuccess(m.users.statusChanged(status));
      void queryClient.invalidateQueries({ queryKey: ['user', directoryId, userId] });
      void queryClient.invalidateQueries({ queryKey: ['users', directoryId] });
    },
    onError: notifyError,
  });
  const remove = useMutation({
    mutationFn: () => call('cloudsso', 'DeleteUser', { DirectoryId: directoryId, UserId: userId }),
    onSuccess: () => {
      notifySuccess(m.users.deleted);
      void queryClient.invalidateQueries({ queryKey: ['users', directoryId] });
      void queryClient.invalidateQueries({ queryKey: ['statistics', directoryId] });
      navigate('users');
    },
    onError: notifyError,
  });

  return (
    <section>
      <a href={href('users')}>← {m.users.title}</a>
      <QueryView query={user}>
        {({ User: u }) => {
          const locked = u.ProvisionType === 'Synchronized' && sync.data?.SCIMSynchronizationStatus === 'Enabled';
          const next = u.Status === 'Enabled' ? 'Disabled' : 'Enabled';
          return (
            <>
              <PageHeader
                title={u.UserName}
                extra={
                  <Space wrap>
                    <Button onClick={() => setResetting(true)}>{m.users.resetPassword}</Button>
                    <Popconfirm
                      placement="bottom"
                      title={next === 'Disabled' ? m.users.confirmDisable(u.UserName) : m.users.confirmEnable(u.UserName)}
                      okText={next === 'Disabled' ? m.common.disable : m.common.enable}
                      cancelText={m.common.cancel}
                      onConfirm={() => setStatus.mutateAsync(next).catch(() => undefined)}
                    >
                      <Button>{next === 'Disabled' ? m.common.disable : m.common.enable}</Button>
                    </Popconfirm>
                    <Popconfirm
                      placement="bottom"
                      title={m.common.confirmDelete(u.UserName)}
                      okText={m.common.delete}
                      okButtonProps={{ danger: true }}
                      cancelText={m.common.cancel}
                      onConfirm={() => remove.mutateAsync().catch(() => undefined)}
                      disabled={locked}
                    >
                      <Button danger disabled={locked}>
                        {m.common.delete}
                      </Button>
                    </Popconfirm>
                  </Space>
                }
              />
              {u.ProvisionType === 'Synchronized' && (
                <Alert type="info" showIcon title={m.users.synchronized} description={m.users.synchronizedReason} style={{ marginBottom: 16 }} />
              )}
              <Descriptions bordered size="small" column={{ xs: 1, sm: 1, md: 2 }} style={{ marginBottom: 24 }}>
                <Descriptions.Item label={m.users.id}>
                  <Typography.Text code>{u.UserId}</Typography.Text>
                </Descriptions.Item>
                <Descriptions.Item label={m.common.status}>
                  <StatusTag status={u.Status} />
                </Descriptions.Item>
                <Descriptions.Item label={m.common.displayName}>{u.DisplayName || m.common.none}</Descriptions.Item>
                <Descriptions.Item label={m.users.email}>{u.Email || m.common.none}</Descriptions.Item>
                <Descriptions.Item label={m.users.firstName}>{u.FirstName || m.common.none}</Descriptions.Item>
                <Descriptions.Item label={m.users.lastName}>{u.LastName || m.common.none}</Descriptions.Item>
                <Descriptions.Item label={m.users.provisionType}>
                  <ProvisionTag type={u.ProvisionType} />
                </Descriptions.Item>
                <Descriptions.Item label={m.users.externalId}>
                  {u.ExternalId ? `${u.ExternalId.Id} (${u.ExternalId.Issuer})` : m.common.none}
                </Descriptions.Item>
                <Descriptions.Item label={m.common.description}>{u.Description || m.common.none}</Descriptions.Item>
                <Descriptions.Item label={m.common.created}>{u.CreateTime}</Descriptions.Item>
                <Descriptions.Item label={m.users.tags} span={2}>
                  {u.Tags.length === 0
                    ? m.users.noTags
                    : u.Tags.map((t) => (
                        <Tag key={t.Key}>
                          {t.Key}
                          {t.Value ? `: ${t.Value}` : ''}
                        </Tag>
                      ))}
                </Descriptions.Item>
              </Descriptions>
            </>
          );
        }}
      </QueryView>
      {user.isSuccess && (
        <Card title={<h2 className="card-title">{m.users.groups}</h2>}>
          <QueryView query={groups} isEmpty={(d) => d.JoinedGroups.length === 0} empty={m.users.noGroups}>
            {(d) => (
              <Table
                rowKey="GroupId"
                size="small"
                pagination={false}
                scroll={{ x: true }}
                dataSource={d.JoinedGroups}
                columns={[
                  { title: m.groups.groupName, dataIndex: 'GroupName', render: (n: string, g) => <a href={href('groups', g.GroupId)}>{n}</a> },
                  { title: m.users.provisionType, dataIndex: 'ProvisionType', render: (t: string) => <ProvisionTag type={t} /> },
                  { title: m.groups.joined, dataIndex: 'JoinTime' },
                ]}
              />
            )}
          </QueryView>
        </Card>
      )}
      {user.isSuccess && <MfaDevices userId={userId} />}
      {resetting && <ResetPasswordModal userId={userId} onClose={() => setResetting(false)} />}
    </section>
  );
}

function ResetPasswordModal({ userId, onClose }: { userId: string; onClose: () => void }) {
  const call = useApi();
  const directoryId = useDirectoryId();
  const notifySuccess = useNotifySuccess();
  const [mode, setMode] = useState<'generate' | 'set'>('generate');
  const [password, setPassword] = useState('');
  const [requireReset, setRequireReset] = useState(true);
  const reset = useMutation({
    mutationFn: () =>
      call<{ NewPassword?: string }>('cloudsso', 'ResetUserPassword', {
        DirectoryId: directoryId,
        UserId: userId,
        RequirePasswordResetForNextLogin: requireReset,
        ...(mode === 'generate' ? { GenerateRandomPassword: true } : { Password: password }),
      }),
    onSuccess: (r) => {
      notifySuccess(m.users.passwordReset);
      if (!r.NewPassword) onClose();
    },
  });
  const generated = reset.data?.NewPassword;
  return (
    <Modal
      open
      title={m.users.resetTitle}
      onCancel={onClose}
      okText={generated ? m.common.close : m.users.resetPassword}
      cancelText={m.common.cancel}
      onOk={() => (generated ? onClose() : reset.mutate())}
      confirmLoading={reset.isPending}
    >
      {reset.isError && (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={reset.error} />
        </div>
      )}
      {generated ? (
        <CopyField id="generated-password" label={m.users.generatedPassword} value={generated} />
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as 'generate' | 'set')} aria-label={m.users.resetTitle}>
            <Radio value="generate">{m.users.generate}</Radio>
            <Radio value="set">{m.users.newPassword}</Radio>
          </Radio.Group>
          {mode === 'set' && (
            <Input.Password aria-label={m.users.newPassword} value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" />
          )}
          <Checkbox checked={requireReset} onChange={(e) => setRequireReset(e.target.checked)}>
            {m.users.requireReset}
          </Checkbox>
        </Space>
      )}
    </Modal>
  );
}

interface MfaDevice {
  DeviceId: string;
  DeviceName: string;
  DeviceType: string;
  EffectiveTime: string;
  LastUseTime?: string;
}

/** The TOTP devices the user bound at sign-in; deleting one makes the user bind a new one. */
function MfaDevices({ userId }: { userId: string }) {
  const call = useApi();
  const directoryId = useDirectoryId();
  const queryClient = useQueryClient();
  const notifyError = useNotifyError();
  const notifySuccess = useNotifySuccess();
  const key = ['mfa-devices', directoryId, userId];
  const devices = useQuery({
    queryKey: key,
    queryFn: () => call<{ MFADevices: MfaDevice[] }>('cloudsso', 'ListMFADevicesForUser', { DirectoryId: directoryId, UserId: userId }),
  });
  const remove = useMutation({
    mutationFn: (deviceId: string) => call('cloudsso', 'DeleteMFADeviceForUser', { DirectoryId: directoryId, UserId: userId, MFADeviceId: deviceId }),
    onSuccess: () => {
      notifySuccess(m.users.mfaDeleted);
      void queryClient.invalidateQueries({ queryKey: key });
    },
    onError: notifyError,
  });
  return (
    <Card title={<h2 className="card-title">{m.users.mfa}</h2>} style={{ marginTop: 16 }}>
      <QueryView query={devices} isEmpty={(d) => d.MFADevices.length === 0} empty={m.users.mfaEmpty}>
        {(d) => (
          <Table<MfaDevice>
            rowKey="DeviceId"
            size="small"
            pagination={false}
            scroll={{ x: true }}
            dataSource={d.MFADevices}
            columns={[
              { title: m.users.mfaDeviceName, dataIndex: 'DeviceName' },
              { title: m.users.mfaDeviceType, dataIndex: 'DeviceType', responsive: ['sm'] },
              { title: m.users.mfaEffective, dataIndex: 'EffectiveTime', responsive: ['md'] },
              { title: m.users.mfaLastUsed, dataIndex: 'LastUseTime', render: (v: string | undefined) => v ?? m.users.mfaNeverUsed },
              {
                title: m.common.actions,
                key: 'actions',
                render: (_: unknown, device) => (
                  <Popconfirm
                    placement="bottom"
                    title={m.users.mfaConfirmDelete(device.DeviceName)}
                    okText={m.common.delete}
                    okButtonProps={{ danger: true }}
                    cancelText={m.common.cancel}
                    onConfirm={() => remove.mutateAsync(device.DeviceId).catch(() => undefined)}
                  >
                    <Button danger aria-label={`${m.common.delete} ${device.DeviceName}`}>
                      {m.common.delete}
                    </Button>
                  </Popconfirm>
                ),
              },
            ]}
          />
        )}
      </QueryView>
    </Card>
  );
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Form, Input, Modal, Popconfirm, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { ApiError } from '../api/client';
import { startsWith } from '../api/filter';
import { ErrorAlert, PageHeader, Pager, QueryView, SearchBox, useNotifyError, useNotifySuccess, usePager } from '../components/common';
import { useApi, useDirectoryId } from '../context';
import { m } from '../messages';
import { href, navigate } from '../router';
import { useSyncStatus } from './Overview';
import { ProvisionTag, StatusTag, type User } from './Users';

interface Group {
  GroupId: string;
  GroupName: string;
  Description: string;
  ProvisionType: string;
  CreateTime: string;
}

interface Member {
  UserId: string;
  UserName: string;
  DisplayName: string;
  Status: string;
  JoinTime: string;
}

const PAGE_SIZE = 20;

export function GroupsPage() {
  const call = useApi();
  const directoryId = useDirectoryId();
  const pager = usePager();
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const list = useQuery({
    queryKey: ['groups', directoryId, q, pager.token],
    queryFn: () =>
      call<{ Groups: Group[]; NextToken?: string; TotalCounts: number }>('cloudsso', 'ListGroups', {
        DirectoryId: directoryId,
        MaxResults: PAGE_SIZE,
        ...(q ? { Filter: startsWith('GroupName', q) } : {}),
        ...(pager.token ? { NextToken: pager.token } : {}),
      }),
    placeholderData: (prev) => prev,
  });
  return (
    <section>
      <PageHeader
        title={m.groups.title}
        extra={
          <Button type="primary" onClick={() => setCreating(true)}>
            {m.groups.create}
          </Button>
        }
      />
      <SearchBox
        label={m.groups.searchLabel}
        placeholder={m.groups.searchPlaceholder}
        onSearch={(v) => {
          setQ(v);
          pager.reset();
        }}
      />
      <QueryView query={list} isEmpty={(d) => d.Groups.length === 0 && pager.page === 1} empty={q ? m.groups.emptySearch(q) : m.groups.empty}>
        {(d) => (
          <>
            <Table<Group>
              rowKey="GroupId"
              dataSource={d.Groups}
              pagination={false}
              scroll={{ x: true }}
              columns={[
                { title: m.groups.groupName, dataIndex: 'GroupName', render: (n: string, g) => <a href={href('groups', g.GroupId)}>{n}</a> },
                { title: m.common.description, dataIndex: 'Description', responsive: ['md'] },
                { title: m.users.provisionType, dataIndex: 'ProvisionType', render: (t: string) => <ProvisionTag type={t} /> },
                { title: m.common.created, dataIndex: 'CreateTime', responsive: ['lg'] },
              ]}
            />
            <Pager pager={pager} nextToken={d.NextToken} shown={d.Groups.length} total={d.TotalCounts} pageSize={PAGE_SIZE} />
          </>
        )}
      </QueryView>
      {creating && <CreateGroupModal onClose={() => setCreating(false)} />}
    </section>
  );
}

function CreateGroupModal({ onClose }: { onClose: () => void }) {
  const call = useApi();
  const directoryId = useDirectoryId();
  const queryClient = useQueryClient();
  const notifySuccess = useNotifySuccess();
  const [form] = Form.useForm<{ GroupName: string; Description?: string }>();
  const create = useMutation({
    mutationFn: (v: { GroupName: string; Description?: string }) =>
      call<{ Group: Group }>('cloudsso', 'CreateGroup', {
        DirectoryId: directoryId,
        GroupName: v.GroupName.trim(),
        ...(v.Description?.trim() ? { Description: v.Description.trim() } : {}),
      }),
    onSuccess: (r) => {
      notifySuccess(m.groups.created(r.Group.GroupName));
      void queryClient.invalidateQueries({ queryKey: ['groups', directoryId] });
      void queryClient.invalidateQueries({ queryKey: ['statistics', directoryId] });
      onClose();
    },
  });
  return (
    <Modal open title={m.groups.create} okText={m.common.create} cancelText={m.common.cancel} onCancel={onClose} onOk={() => form.submit()} confirmLoading={create.isPending}>
      {create.isError && (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={create.error} />
        </div>
      )}
      <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)}>
        <Form.Item name="GroupName" label={m.groups.groupName} rules={[{ required: true, whitespace: true }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="Description" label={m.common.description}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function GroupDetail({ groupId }: { groupId: string }) {
  const call = useApi();
  const directoryId = useDirectoryId();
  const queryClient = useQueryClient();
  const notifyError = useNotifyError();
  const notifySuccess = useNotifySuccess();
  const pager = usePager();
  const sync = useSyncStatus();
  const [userName, setUserName] = useState('');
  const group = useQuery({
    queryKey: ['group', directoryId, groupId],
    queryFn: () => call<{ Group: Group }>('cloudsso', 'GetGroup', { DirectoryId: directoryId, GroupId: groupId }),
  });
  const members = useQuery({
    queryKey: ['members', directoryId, groupId, pager.token],
    queryFn: () =>
      call<{ GroupMembers: Member[]; NextToken?: string; TotalCounts: number }>('cloudsso', 'ListGroupMembers', {
        DirectoryId: directoryId,
        GroupId: groupId,
        MaxResults: PAGE_SIZE,
        ...(pager.token ? { NextToken: pager.token } : {}),
      }),
  });
  const refreshMembers = () => void queryClient.invalidateQueries({ queryKey: ['members', directoryId, groupId] });
  const add = useMutation({
    mutationFn: async (name: string) => {
      const found = await call<{ Users: User[] }>('cloudsso', 'ListUsers', {
        DirectoryId: directoryId,
        Filter: `UserName eq "${name.replace(/[\\"]/g, (c) => '\\' + c)}"`,
        MaxResults: 1,
      });
      const user = found.Users[0];
      if (!user) throw new ApiError('EntityNotExists.User', `No user named "${name}".`, 404);
      await call('cloudsso', 'AddUserToGroup', { DirectoryId: directoryId, GroupId: groupId, UserId: user.UserId });
    },
    onSuccess: () => {
      notifySuccess(m.groups.memberAdded);
      setUserName('');
      refreshMembers();
    },
    onError: notifyError,
  });
  const removeMember = useMutation({
    mutationFn: (userId: string) => call('cloudsso', 'RemoveUserFromGroup', { DirectoryId: directoryId, GroupId: groupId, UserId: userId }),
    onSuccess: () => {
      notifySuccess(m.groups.memberRemoved);
      refreshMembers();
    },
    onError: notifyError,
  });
  const remove = useMutation({
    mutationFn: () => call('cloudsso', 'DeleteGroup', { DirectoryId: directoryId, GroupId: groupId }),
    onSuccess: () => {
      notifySuccess(m.groups.deleted);
      void queryClient.invalidateQueries({ queryKey: ['groups', directoryId] });
      navigate('groups');
    },
    onError: notifyError,
  });
  const locked = group.data?.Group.ProvisionType === 'Synchronized' && sync.data?.SCIMSynchronizationStatus === 'Enabled';

  return (
    <section>
      <a href={href('groups')}>← {m.groups.title}</a>
      <QueryView query={group}>
        {({ Group: g }) => (
          <>
            <PageHeader
              title={g.GroupName}
              extra={
                <Popconfirm
                      placement="bottom"
                  title={m.common.confirmDelete(g.GroupName)}
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
              }
            />
            {g.ProvisionType === 'Synchronized' && (
              <Alert type="info" showIcon title={m.users.synchronized} description={m.groups.synchronizedReason} style={{ marginBottom: 16 }} />
            )}
            <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 24 }}>
              <Descriptions.Item label={m.groups.id}>
                <Typography.Text code>{g.GroupId}</Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={m.users.provisionType}>
                <ProvisionTag type={g.ProvisionType} />
              </Descriptions.Item>
              <Descriptions.Item label={m.common.description}>{g.Description || m.common.none}</Descriptions.Item>
              <Descriptions.Item label={m.common.created}>{g.CreateTime}</Descriptions.Item>
            </Descriptions>
          </>
        )}
      </QueryView>
      {group.isSuccess && (
        <Card title={<h2 className="card-title">{m.groups.members}</h2>}>
          {!locked && (
            <form
              className="inline-form"
              onSubmit={(e) => {
                e.preventDefault();
                if (userName.trim()) add.mutate(userName.trim());
              }}
            >
              <label htmlFor="add-member">{m.groups.addMemberLabel}</label>
              <Space.Compact>
                <Input id="add-member" value={userName} onChange={(e) => setUserName(e.target.value)} placeholder={m.groups.addMemberPlaceholder} autoComplete="off" />
                <Button htmlType="submit" type="primary" loading={add.isPending}>
                  {m.groups.addMember}
                </Button>
              </Space.Compact>
            </form>
          )}
          <QueryView query={members} isEmpty={(d) => d.GroupMembers.length === 0 && pager.page === 1} empty={m.groups.noMembers}>
            {(d) => (
              <>
                <Table<Member>
                  rowKey="UserId"
                  size="small"
                  pagination={false}
                  scroll={{ x: true }}
                  dataSource={d.GroupMembers}
                  columns={[
                    { title: m.users.userName, dataIndex: 'UserName', render: (n: string, u) => <a href={href('users', u.UserId)}>{n}</a> },
                    { title: m.common.status, dataIndex: 'Status', render: (s: string) => <StatusTag status={s} /> },
                    { title: m.groups.joined, dataIndex: 'JoinTime', responsive: ['md'] },
                    {
                      title: m.common.actions,
                      key: 'actions',
                      render: (_: unknown, u) => (
                        <Popconfirm
                      placement="bottom"
                          title={m.groups.confirmRemove(u.UserName)}
                          okText={m.groups.remove}
                          cancelText={m.common.cancel}
                          onConfirm={() => removeMember.mutateAsync(u.UserId).catch(() => undefined)}
                          disabled={locked}
                        >
                          <Button size="small" disabled={locked} aria-label={`${m.groups.remove} ${u.UserName}`}>
                            {m.groups.remove}
                          </Button>
                        </Popconfirm>
                      ),
                    },
                  ]}
                />
                <Pager pager={pager} nextToken={d.NextToken} shown={d.GroupMembers.length} total={d.TotalCounts} pageSize={PAGE_SIZE} />
              </>
            )}
          </QueryView>
        </Card>
      )}
    </section>
  );
}

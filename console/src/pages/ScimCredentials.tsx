import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Modal, Popconfirm, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { CopyField, PageHeader, QueryView, useNotifyError, useNotifySuccess } from '../components/common';
import { useApi, useDirectoryId } from '../context';
import { m } from '../messages';

interface Credential {
  CredentialId: string;
  Status: string;
  CredentialType: string;
  CreateTime: string;
  ExpireTime: string;
}

/** Warn this many days before a credential expires (they last a calendar year). */
const EXPIRY_WARNING_DAYS = 30;
const DAY_MS = 86_400_000;

export function daysLeft(expireTime: string, now = Date.now()): number {
  return Math.ceil((Date.parse(expireTime) - now) / DAY_MS);
}

export function ScimCredentialsPage() {
  const call = useApi();
  const directoryId = useDirectoryId();
  const queryClient = useQueryClient();
  const notifyError = useNotifyError();
  const notifySuccess = useNotifySuccess();
  const [secret, setSecret] = useState<{ id: string; secret: string }>();
  const key = ['scim-credentials', directoryId];
  const list = useQuery({
    queryKey: key,
    queryFn: () =>
      call<{ SCIMServerCredentials: Credential[] }>('cloudsso', 'ListSCIMServerCredentials', { DirectoryId: directoryId }),
  });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: key });
    void queryClient.invalidateQueries({ queryKey: ['statistics', directoryId] });
  };
  const create = useMutation({
    mutationFn: () =>
      call<{ SCIMServerCredential: Credential & { CredentialSecret: string } }>('cloudsso', 'CreateSCIMServerCredential', {
        DirectoryId: directoryId,
      }),
    onSuccess: (r) => {
      setSecret({ id: r.SCIMServerCredential.CredentialId, secret: r.SCIMServerCredential.CredentialSecret });
      refresh();
    },
    onError: notifyError,
  });
  const setStatus = useMutation({
    mutationFn: (v: { id: string; status: 'Enabled' | 'Disabled' }) =>
      call('cloudsso', 'UpdateSCIMServerCredentialStatus', { DirectoryId: directoryId, CredentialId: v.id, NewStatus: v.status }),
    onSuccess: (_r, v) => {
      notifySuccess(m.scim.statusChanged(v.status));
      refresh();
    },
    onError: notifyError,
  });
  const remove = useMutation({
    mutationFn: (id: string) => call('cloudsso', 'DeleteSCIMServerCredential', { DirectoryId: directoryId, CredentialId: id }),
    onSuccess: () => {
      notifySuccess(m.scim.deleted);
      refresh();
    },
    onError: notifyError,
  });

  return (
    <section>
      <PageHeader
        title={m.scim.title}
        intro={m.scim.intro}
        extra={
          <Button type="primary" onClick={() => create.mutate()} loading={create.isPending}>
            {m.scim.create}
          </Button>
        }
      />
      <QueryView query={list} isEmpty={(d) => d.SCIMServerCredentials.length === 0} empty={m.scim.empty}>
        {(d) => {
          const soon = d.SCIMServerCredentials.some((c) => daysLeft(c.ExpireTime) <= EXPIRY_WARNING_DAYS);
          return (
            <>
              {soon && <Alert type="warning" showIcon title={m.scim.expiryWarning} style={{ marginBottom: 16 }} />}
              <Table<Credential>
                rowKey="CredentialId"
                dataSource={d.SCIMServerCredentials}
                pagination={false}
                scroll={{ x: true }}
                columns={[
                  { title: m.scim.id, dataIndex: 'CredentialId' },
                  {
                    title: m.common.status,
                    dataIndex: 'Status',
                    render: (s: string) => <Tag className={s === 'Enabled' ? 'tag-ok' : 'tag-off'}>{s === 'Enabled' ? m.common.enabled : m.common.disabled}</Tag>,
                  },
                  { title: m.common.created, dataIndex: 'CreateTime' },
                  {
                    title: m.scim.expires,
                    dataIndex: 'ExpireTime',
                    render: (t: string) => {
                      const days = daysLeft(t);
                      return (
                        <Space wrap>
                          <span>{t}</span>
                          {days <= EXPIRY_WARNING_DAYS && <Tag className="tag-warn">{m.scim.expiresSoon(days)}</Tag>}
                        </Space>
                      );
                    },
                  },
                  {
                    title: m.common.actions,
                    key: 'actions',
                    render: (_: unknown, c) => {
                      const next = c.Status === 'Enabled' ? 'Disabled' : 'Enabled';
                      return (
                        <Space wrap>
                          <Popconfirm
                      placement="bottom"
                            title={next === 'Disabled' ? m.scim.confirmDisable : m.scim.confirmEnable}
                            okText={next === 'Disabled' ? m.common.disable : m.common.enable}
                            cancelText={m.common.cancel}
                            onConfirm={() => setStatus.mutateAsync({ id: c.CredentialId, status: next }).catch(() => undefined)}
                          >
                            <Button aria-label={`${next === 'Disabled' ? m.common.disable : m.common.enable} ${c.CredentialId}`}>
                              {next === 'Disabled' ? m.common.disable : m.common.enable}
                            </Button>
                          </Popconfirm>
                          <Popconfirm
                      placement="bottom"
                            title={m.common.confirmDelete(c.CredentialId)}
                            okText={m.common.delete}
                            okButtonProps={{ danger: true }}
                            cancelText={m.common.cancel}
                            onConfirm={() => remove.mutateAsync(c.CredentialId).catch(() => undefined)}
                          >
                            <Button danger aria-label={`${m.common.delete} ${c.CredentialId}`}>
                              {m.common.delete}
                            </Button>
                          </Popconfirm>
                        </Space>
                      );
                    },
                  },
                ]}
              />
            </>
          );
        }}
      </QueryView>
      <Modal
        open={secret !== undefined}
        title={m.scim.createdTitle}
        closable={false}
        mask={{ closable: false }}
        onOk={() => setSecret(undefined)}
        okText={m.scim.secretCopiedClose}
        cancelButtonProps={{ style: { display: 'none' } }}
      >
        <Alert type="warning" showIcon title={m.scim.secretWarning} style={{ marginBottom: 16 }} />
        {secret && (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <CopyField id="new-credential-id" label={m.scim.id} value={secret.id} />
            <CopyField id="new-credential-secret" label={m.scim.secretLabel} value={secret.secret} />
          </Space>
        )}
      </Modal>
    </section>
  );
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Drawer, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { CopyField, ErrorAlert, PageHeader, QueryView, useNotifySuccess } from '../components/common';
import { useApi } from '../context';
import { m } from '../messages';

/** Webhooks: an Open CloudSSO extension (product opencloudsso), server-wide, not per directory. */
interface Webhook {
  WebhookId: string;
  Url: string;
  Description?: string;
  EventTypes: string[];
  Status: string;
  CreateTime: string;
}

interface Attempt {
  Attempt: number;
  Time: string;
  StatusCode?: number;
  LatencyMs: number;
  Error?: string;
}

interface Delivery {
  DeliveryId: string;
  EventId: string;
  EventType: string;
  Status: string;
  Attempts: number;
  NextAttemptTime?: string;
  CreateTime: string;
  AttemptLog: Attempt[];
}

export const EVENT_TYPES = [
  '*',
  'user.*',
  'group.*',
  'assignment.*',
  'user.created',
  'user.updated',
  'user.deleted',
  'group.created',
  'group.updated',
  'group.deleted',
  'group.members.changed',
  'assignment.created',
  'assignment.deleted',
];

export function WebhooksPage() {
  const call = useApi();
  const queryClient = useQueryClient();
  const notifySuccess = useNotifySuccess();
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<{ id: string; secret: string }>();
  const [shown, setShown] = useState<Webhook>();
  const list = useQuery({ queryKey: ['webhooks'], queryFn: () => call<{ Webhooks: Webhook[] }>('opencloudsso', 'ListWebhooks') });
  const remove = useMutation({
    mutationFn: (id: string) => call('opencloudsso', 'DeleteWebhook', { WebhookId: id }),
    onSuccess: () => {
      notifySuccess(m.webhooks.deleted);
      void queryClient.invalidateQueries({ queryKey: ['webhooks'] });
    },
  });

  return (
    <section>
      <PageHeader
        title={m.webhooks.title}
        intro={m.webhooks.intro}
        extra={
          <Button type="primary" onClick={() => setCreating(true)}>
            {m.webhooks.create}
          </Button>
        }
      />
      {remove.isError && (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={remove.error} />
        </div>
      )}
      <QueryView query={list} isEmpty={(d) => d.Webhooks.length === 0} empty={m.webhooks.empty}>
        {(d) => (
          <Table<Webhook>
            rowKey="WebhookId"
            dataSource={d.Webhooks}
            pagination={false}
            scroll={{ x: true }}
            columns={[
              { title: m.webhooks.id, dataIndex: 'WebhookId' },
              { title: m.webhooks.url, dataIndex: 'Url' },
              { title: m.webhooks.events, dataIndex: 'EventTypes', render: (ts: string[]) => ts.join(', ') },
              { title: m.common.description, dataIndex: 'Description' },
              { title: m.common.created, dataIndex: 'CreateTime' },
              {
                title: m.common.actions,
                key: 'actions',
                render: (_: unknown, w) => (
                  <Space wrap>
                    <Button aria-label={`${m.webhooks.deliveries} ${w.WebhookId}`} onClick={() => setShown(w)}>
                      {m.webhooks.deliveries}
                    </Button>
                    <Popconfirm
                      placement="bottom"
                      title={m.common.confirmDelete(w.WebhookId)}
                      okText={m.common.delete}
                      okButtonProps={{ danger: true }}
                      cancelText={m.common.cancel}
                      onConfirm={() => remove.mutateAsync(w.WebhookId).catch(() => undefined)}
                    >
                      <Button danger aria-label={`${m.common.delete} ${w.WebhookId}`}>
                        {m.common.delete}
                      </Button>
                    </Popconfirm>
                  </Space>
                ),
              },
            ]}
          />
        )}
      </QueryView>
      {creating && (
        <CreateWebhookModal
          onClose={() => setCreating(false)}
          onCreated={(w) => {
            setCreating(false);
            setSecret({ id: w.WebhookId, secret: w.Secret });
            void queryClient.invalidateQueries({ queryKey: ['webhooks'] });
          }}
        />
      )}
      <Modal
        open={secret !== undefined}
        title={m.webhooks.createdTitle}
        // The secret leaves the page once the dialog is closed: nothing keeps it in the DOM.
        destroyOnHidden
        closable={false}
        mask={{ closable: false }}
        onOk={() => setSecret(undefined)}
        okText={m.webhooks.secretCopiedClose}
        cancelButtonProps={{ style: { display: 'none' } }}
      >
        <Alert type="warning" showIcon title={m.webhooks.secretWarning} style={{ marginBottom: 16 }} />
        {secret && (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <CopyField id="new-webhook-id" label={m.webhooks.id} value={secret.id} />
            <CopyField id="new-webhook-secret" label={m.webhooks.secretLabel} value={secret.secret} />
          </Space>
        )}
      </Modal>
      <Drawer open={shown !== undefined} onClose={() => setShown(undefined)} title={m.webhooks.deliveriesOf(shown?.WebhookId ?? '')} size="large">
        {shown && <DeliveryLog webhookId={shown.WebhookId} />}
      </Drawer>
    </section>
  );
}

function CreateWebhookModal({ onClose, onCreated }: { onClose: () => void; onCreated: (w: Webhook & { Secret: string }) => void }) {
  const call = useApi();
  const [form] = Form.useForm<{ Url: string; Description?: string; EventTypes?: string[] }>();
  const create = useMutation({
    mutationFn: (v: { Url: string; Description?: string; EventTypes?: string[] }) =>
      call<{ Webhook: Webhook & { Secret: string } }>('opencloudsso', 'CreateWebhook', {
        Url: v.Url.trim(),
        ...(v.Description?.trim() ? { Description: v.Description.trim() } : {}),
        ...(v.EventTypes?.length ? { EventTypes: v.EventTypes } : {}),
      }),
    onSuccess: (r) => onCreated(r.Webhook),
  });
  return (
    <Modal open title={m.webhooks.create} okText={m.common.create} cancelText={m.common.cancel} onCancel={onClose} onOk={() => form.submit()} confirmLoading={create.isPending}>
      {create.isError && (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={create.error} />
        </div>
      )}
      <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)}>
        <Form.Item name="Url" label={m.webhooks.url} extra={m.webhooks.urlHelp} rules={[{ required: true, whitespace: true }, { max: 2048 }]}>
          <Input placeholder="https://hooks.example.com/cloudsso" />
        </Form.Item>
        <Form.Item name="EventTypes" label={m.webhooks.events} extra={m.webhooks.eventsHelp}>
          <Select mode="multiple" allowClear options={EVENT_TYPES.map((t) => ({ value: t, label: t }))} />
        </Form.Item>
        <Form.Item name="Description" label={m.common.description} rules={[{ max: 256 }]}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function DeliveryLog({ webhookId }: { webhookId: string }) {
  const call = useApi();
  const q = useQuery({
    queryKey: ['webhook-deliveries', webhookId],
    queryFn: () => call<{ Deliveries: Delivery[] }>('opencloudsso', 'ListWebhookDeliveries', { WebhookId: webhookId, MaxResults: '100' }),
  });
  return (
    <QueryView query={q} isEmpty={(d) => d.Deliveries.length === 0} empty={m.webhooks.noDeliveries}>
      {(d) => (
        <Table<Delivery>
          rowKey="DeliveryId"
          dataSource={d.Deliveries}
          pagination={false}
          scroll={{ x: true }}
          expandable={{
            expandedRowRender: (row) => (
              <ul className="attempt-log">
                {row.AttemptLog.map((a) => (
                  <li key={a.Attempt}>{m.webhooks.attempt(a.Attempt, a.Time, a.StatusCode, a.LatencyMs, a.Error)}</li>
                ))}
              </ul>
            ),
          }}
          columns={[
            { title: m.webhooks.eventType, dataIndex: 'EventType' },
            { title: m.webhooks.eventId, dataIndex: 'EventId' },
            {
              title: m.common.status,
              dataIndex: 'Status',
              render: (s: string) => <Tag className={s === 'Succeeded' ? 'tag-ok' : s === 'Failed' ? 'tag-off' : 'tag-warn'}>{s}</Tag>,
            },
            { title: m.webhooks.attempts, dataIndex: 'Attempts' },
            { title: m.common.created, dataIndex: 'CreateTime' },
          ]}
        />
      )}
    </QueryView>
  );
}

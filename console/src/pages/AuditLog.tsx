import { useQuery } from '@tanstack/react-query';
import { Button, Descriptions, Drawer, Form, Grid, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { PageHeader, Pager, QueryView, usePager } from '../components/common';
import { useApi } from '../context';
import { m } from '../messages';
import { actionTrailTime } from '../validate';

const t = m.audit;
const PAGE_SIZE = 20;

/** An event as LookupEvents returns it (ActionTrail's event log fields). */
export interface AuditEvent {
  eventId: string;
  eventName: string;
  eventRW: string;
  eventTime: string;
  serviceName: string;
  apiVersion?: string;
  requestId?: string;
  sourceIpAddress?: string;
  userAgent?: string;
  userIdentity: { type: string; principalId: string; accountId: string; accessKeyId?: string; userName?: string };
  requestParameters?: Record<string, unknown>;
  resourceType?: string;
  resourceName?: string;
  errorCode?: string;
  errorMessage?: string;
}

const RANGES: Record<string, number> = { '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000, '90d': 90 * 86_400_000 };
const ATTRIBUTES = ['EventName', 'ServiceName', 'User', 'EventAccessKeyId', 'ResourceType', 'ResourceName', 'EventId'] as const;

interface FilterValues {
  range: string;
  from?: string;
  to?: string;
  attribute: string;
  value?: string;
  rw: string;
  direction: 'BACKWARD' | 'FORWARD';
}

/** The query as sent: explicit StartTime and EndTime, so NextToken (bound to them) keeps working. */
interface Query {
  StartTime: string;
  EndTime: string;
  attribute?: { Key: string; Value: string };
  rw?: string;
  direction: 'BACKWARD' | 'FORWARD';
}

/** `<input type="datetime-local">` (local time) to epoch ms; NaN if empty or invalid. */
const localMs = (v: string | undefined) => (v ? new Date(v).getTime() : NaN);

/** A `datetime-local` value for a time (local time, to the minute). */
function toLocalInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function toQuery(v: FilterValues, now = Date.now()): Query {
  const [start, end] = v.range === 'custom' ? [localMs(v.from), localMs(v.to)] : [now - RANGES[v.range]!, now];
  return {
    StartTime: actionTrailTime(start),
    EndTime: actionTrailTime(end),
    ...(v.attribute !== 'none' && v.value?.trim() ? { attribute: { Key: v.attribute, Value: v.value.trim() } } : {}),
    ...(v.rw !== 'all' ? { rw: v.rw } : {}),
    direction: v.direction,
  };
}

const INITIAL: FilterValues = { range: '24h', attribute: 'none', rw: 'all', direction: 'BACKWARD' };

/** Who did it: the user name when the event has one, else the principal. */
export const actor = (e: AuditEvent) => e.userIdentity.userName ?? e.userIdentity.principalId;

export function AuditLogPage() {
  const call = useApi();
  const pager = usePager();
  const [form] = Form.useForm<FilterValues>();
  const [query, setQuery] = useState<Query>(() => toQuery(INITIAL));
  const [shown, setShown] = useState<AuditEvent>();
  const range = Form.useWatch('range', form) ?? INITIAL.range;
  const attribute = Form.useWatch('attribute', form) ?? INITIAL.attribute;
  const events = useQuery({
    queryKey: ['audit', query, pager.token],
    queryFn: () => {
      const attributes = [
        ...(query.attribute ? [query.attribute] : []),
        ...(query.rw ? [{ Key: 'EventRW', Value: query.rw }] : []),
      ];
      return call<{ Events: AuditEvent[]; NextToken?: string; StartTime: string; EndTime: string }>('actiontrail', 'LookupEvents', {
        StartTime: query.StartTime,
        EndTime: query.EndTime,
        MaxResults: PAGE_SIZE,
        Direction: query.direction,
        ...(attributes.length > 0 ? { LookupAttribute: attributes } : {}),
        ...(pager.token ? { NextToken: pager.token } : {}),
      });
    },
    placeholderData: (prev) => prev,
  });
  const apply = (v: FilterValues) => {
    setQuery(toQuery(v));
    pager.reset();
  };
  return (
    <section>
      <PageHeader title={t.title} intro={t.intro} />
      <Form
        form={form}
        layout="inline"
        className="filter-form"
        initialValues={{ ...INITIAL, from: toLocalInput(Date.now() - RANGES['24h']!), to: toLocalInput(Date.now()) }}
        onFinish={apply}
      >
        <Form.Item name="range" label={t.range}>
          <Select style={{ width: 160 }} options={Object.entries(t.ranges).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        {range === 'custom' && (
          <>
            <Form.Item name="from" label={t.from} rules={[{ required: true, message: t.rangeInvalid }]}>
              <Input type="datetime-local" />
            </Form.Item>
            <Form.Item
              name="to"
              label={t.to}
              dependencies={['from']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: (_r, v: string | undefined) =>
                    localMs(getFieldValue('from') as string) < localMs(v) ? Promise.resolve() : Promise.reject(new Error(t.rangeInvalid)),
                }),
              ]}
            >
              <Input type="datetime-local" />
            </Form.Item>
          </>
        )}
        <Form.Item name="attribute" label={t.filter}>
          <Select
            style={{ width: 220 }}
            options={[{ value: 'none', label: t.noFilter }, ...ATTRIBUTES.map((a) => ({ value: a, label: t.attributes[a] }))]}
          />
        </Form.Item>
        {attribute !== 'none' && (
          <Form.Item
            name="value"
            label={t.filterValue}
            rules={[{ required: true, whitespace: true, max: 256, message: t.filterValueRequired }]}
          >
            <Input placeholder={t.filterValuePlaceholder} autoComplete="off" style={{ width: 220 }} />
          </Form.Item>
        )}
        <Form.Item name="rw" label={t.readWrite}>
          <Select
            style={{ width: 110 }}
            options={[
              { value: 'all', label: t.rwAll },
              { value: 'Write', label: t.rwWrite },
              { value: 'Read', label: t.rwRead },
            ]}
          />
        </Form.Item>
        <Form.Item name="direction" label={t.order}>
          <Select
            style={{ width: 140 }}
            options={[
              { value: 'BACKWARD', label: t.newestFirst },
              { value: 'FORWARD', label: t.oldestFirst },
            ]}
          />
        </Form.Item>
        <Space wrap>
          <Button type="primary" htmlType="submit">
            {t.apply}
          </Button>
          <Button onClick={() => form.submit()}>{t.refresh}</Button>
        </Space>
      </Form>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
        {`${new Date(query.StartTime).toLocaleString()} – ${new Date(query.EndTime).toLocaleString()}`}
      </Typography.Paragraph>
      <QueryView query={events} isEmpty={(d) => d.Events.length === 0 && pager.page === 1} empty={t.empty}>
        {(d) => (
          <>
            <Table<AuditEvent>
              rowKey="eventId"
              dataSource={d.Events}
              pagination={false}
              size="small"
              loading={events.isFetching && events.isPlaceholderData}
              scroll={{ x: true }}
              columns={[
                { title: t.time, dataIndex: 'eventTime', render: (v: string) => new Date(v).toLocaleString() },
                {
                  title: t.event,
                  dataIndex: 'eventName',
                  render: (name: string, e) => (
                    <Button type="link" style={{ padding: 0 }} onClick={() => setShown(e)} aria-label={t.showDetail(name, new Date(e.eventTime).toLocaleString())}>
                      {name}
                    </Button>
                  ),
                },
                { title: t.service, dataIndex: 'serviceName', responsive: ['sm'] },
                { title: t.user, key: 'user', render: (_: unknown, e) => actor(e) },
                {
                  title: t.resource,
                  key: 'resource',
                  responsive: ['lg'],
                  render: (_: unknown, e) => (e.resourceType ? `${e.resourceType}${e.resourceName ? `: ${e.resourceName}` : ''}` : ''),
                },
                { title: t.source, dataIndex: 'sourceIpAddress', responsive: ['xl'] },
                {
                  title: t.result,
                  key: 'result',
                  render: (_: unknown, e) => (e.errorCode ? <Tag className="tag-warn">{e.errorCode}</Tag> : <Tag className="tag-ok">{t.success}</Tag>),
                },
              ]}
            />
            <Pager pager={pager} nextToken={d.NextToken} shown={d.Events.length} pageSize={PAGE_SIZE} />
          </>
        )}
      </QueryView>
      <EventDrawer event={shown} onClose={() => setShown(undefined)} />
    </section>
  );
}

function EventDrawer({ event, onClose }: { event: AuditEvent | undefined; onClose: () => void }) {
  const screens = Grid.useBreakpoint();
  const e = event;
  return (
    <Drawer open={e !== undefined} onClose={onClose} title={e ? t.detailTitle(e.eventName) : ''} size={screens.md ? 640 : '100%'} placement="right">
      {e && (
        <>
          <Descriptions bordered size="small" column={1} style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t.time}>{`${new Date(e.eventTime).toLocaleString()} (${e.eventTime})`}</Descriptions.Item>
            <Descriptions.Item label={t.event}>{`${e.serviceName}:${e.eventName} (${e.eventRW})`}</Descriptions.Item>
            <Descriptions.Item label={t.result}>
              {e.errorCode ? `${e.errorCode}${e.errorMessage ? `: ${e.errorMessage}` : ''}` : t.success}
            </Descriptions.Item>
            <Descriptions.Item label={t.user}>{actor(e)}</Descriptions.Item>
            <Descriptions.Item label={t.userType}>{e.userIdentity.type}</Descriptions.Item>
            <Descriptions.Item label={t.principalId}>{e.userIdentity.principalId}</Descriptions.Item>
            {e.userIdentity.accessKeyId && <Descriptions.Item label={t.accessKeyId}>{e.userIdentity.accessKeyId}</Descriptions.Item>}
            {e.resourceType && <Descriptions.Item label={t.resource}>{`${e.resourceType}${e.resourceName ? `: ${e.resourceName}` : ''}`}</Descriptions.Item>}
            {e.sourceIpAddress && <Descriptions.Item label={t.source}>{e.sourceIpAddress}</Descriptions.Item>}
            {e.userAgent && <Descriptions.Item label={t.userAgent}>{e.userAgent}</Descriptions.Item>}
            {e.apiVersion && <Descriptions.Item label={t.apiVersion}>{e.apiVersion}</Descriptions.Item>}
            {e.requestId && <Descriptions.Item label={t.requestId}>{e.requestId}</Descriptions.Item>}
            <Descriptions.Item label={t.eventId}>{e.eventId}</Descriptions.Item>
          </Descriptions>
          <Typography.Title level={3} className="subsection-title">
            {t.requestParameters}
          </Typography.Title>
          <pre className="json-view" tabIndex={0} aria-label={t.requestParameters}>
            {JSON.stringify(e.requestParameters ?? {}, null, 2)}
          </pre>
          <details style={{ marginTop: 16 }}>
            <summary>{t.rawEvent}</summary>
            <pre className="json-view">{JSON.stringify(e, null, 2)}</pre>
          </details>
        </>
      )}
    </Drawer>
  );
}

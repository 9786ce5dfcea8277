/**
 * Alibaba Cloud's System policies that this server knows: the name, description and a document
 * (docs/decisions/0062-system-policies.md). Alibaba's own documents for product policies list
 * many individual actions; here each one is the equivalent pattern form (`ecs:*`,
 * `ecs:Describe*`), which grants the same for the products this server serves (ram, sts,
 * resourcemanager, cloudsso) and states the intent for the others. System policies exist in every
 * account, cannot be created, changed or deleted, and are attached with `PolicyType=System`.
 */
export interface SystemPolicy {
  readonly name: string;
  readonly description: string;
  readonly document: string;
  /** Fixed dates, as Alibaba reports for its own policies. */
  readonly createTime: number;
  readonly updateTime: number;
}

const READ_VERBS = ['Get*', 'List*', 'Describe*', 'Query*', 'Check*', 'BatchGet*'];

const doc = (...statements: { Action: string | string[]; Resource?: string }[]) =>
  JSON.stringify({ Version: '1', Statement: statements.map((s) => ({ Effect: 'Allow', Action: s.Action, Resource: s.Resource ?? '*' })) });

const read = (code: string, verbs = READ_VERBS) => verbs.map((v) => `${code}:${v}`);

const T0 = Date.UTC(2015, 3, 28, 0, 0, 0);
const T1 = Date.UTC(2023, 6, 31, 0, 0, 0);

const entries: [string, string, string][] = [
  ['AdministratorAccess', 'Provides full access to Alibaba Cloud services and resources.', doc({ Action: '*' })],
  ['ReadOnlyAccess', 'Provides read-only access to Alibaba Cloud services and resources.', doc({ Action: read('*') })],
  ['AliyunRAMFullAccess', 'Provides full access to Resource Access Management (RAM).', doc({ Action: 'ram:*' })],
  ['AliyunRAMReadOnlyAccess', 'Provides read-only access to Resource Access Management (RAM).', doc({ Action: read('ram', ['Get*', 'List*']) })],
  ['AliyunSTSAssumeRoleAccess', 'Provides access to call AssumeRole of Security Token Service (STS).', doc({ Action: 'sts:AssumeRole' })],
  [
    'AliyunCloudSSOFullAccess',
    'Provides full access to CloudSSO.',
    doc(
      { Action: 'cloudsso:*' },
      { Action: [...read('resourcemanager', ['Get*', 'List*']), 'resourcemanager:EnableResourceDirectory'] },
      { Action: ['ram:GetPolicy', 'ram:ListPolicies'] },
    ),
  ],
  [
    'AliyunCloudSSOReadOnlyAccess',
    'Provides read-only access to CloudSSO.',
    doc(
      { Action: ['cloudsso:List*', 'cloudsso:Get*', 'cloudsso:Check*'] },
      { Action: read('resourcemanager', ['Get*', 'List*']) },
      { Action: ['ram:GetPolicy', 'ram:ListPolicies'] },
    ),
  ],
  ['AliyunResourceDirectoryFullAccess', 'Provides full access to Resource Directory.', doc({ Action: 'resourcemanager:*' })],
  [
    'AliyunResourceDirectoryReadOnlyAccess',
    'Provides read-only access to Resource Directory.',
    doc({ Action: read('resourcemanager', ['Get*', 'List*']) }),
  ],
];

/** Common product pairs: `Aliyun<Product>FullAccess` / `Aliyun<Product>ReadOnlyAccess`. */
const PRODUCTS: [string, string, string][] = [
  ['ECS', 'ecs', 'Elastic Compute Service (ECS)'],
  ['OSS', 'oss', 'Object Storage Service (OSS)'],
  ['RDS', 'rds', 'ApsaraDB RDS'],
  ['VPC', 'vpc', 'Virtual Private Cloud (VPC)'],
  ['SLB', 'slb', 'Server Load Balancer (SLB)'],
  ['Log', 'log', 'Simple Log Service'],
  ['KMS', 'kms', 'Key Management Service (KMS)'],
  ['CloudMonitor', 'cms', 'CloudMonitor'],
  ['ActionTrail', 'actiontrail', 'ActionTrail'],
  ['ContainerService', 'cs', 'Container Service for Kubernetes (ACK)'],
  ['FC', 'fc', 'Function Compute'],
  ['DNS', 'alidns', 'Alibaba Cloud DNS'],
  ['CDN', 'cdn', 'Alibaba Cloud CDN'],
  ['Kvstore', 'kvstore', 'ApsaraDB for Redis (Tair)'],
  ['ResourceManager', 'resourcemanager', 'Resource Management'],
  ['SecurityCenter', 'yundun-sas', 'Security Center'],
  ['BSS', 'bss', 'Billing Management'],
];

for (const [name, code, title] of PRODUCTS) {
  entries.push([`Aliyun${name}FullAccess`, `Provides full access to ${title}.`, doc({ Action: `${code}:*` })]);
  entries.push([`Aliyun${name}ReadOnlyAccess`, `Provides read-only access to ${title}.`, doc({ Action: read(code) })]);
}

export const SYSTEM_POLICIES: ReadonlyMap<string, SystemPolicy> = new Map(
  entries.map(([name, description, document]) => [name, { name, description, document, createTime: T0, updateTime: T1 }]),
);

/** RAM looks System policies up by exact name. */
export function systemPolicy(name: string): SystemPolicy | undefined {
  return SYSTEM_POLICIES.get(name);
}

/** Name-ordered, after `after` if given (RAM's Marker paging). */
export function listSystemPolicies(after: string | undefined, limit: number): { items: SystemPolicy[]; truncated: boolean } {
  const all = [...SYSTEM_POLICIES.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const rest = after === undefined ? all : all.filter((p) => p.name > after);
  return { items: rest.slice(0, limit), truncated: rest.length > limit };
}

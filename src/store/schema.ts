import type { Generated } from 'kysely';

/** Row types as the database holds them (see migrations/0001-initial.ts). */
export interface Database {
  meta: { name: string; value: string };
  directories: DirectoryRow;
  scim_credentials: ScimCredentialRow;
  users: UserRow;
  groups: GroupRow;
  group_members: { group_id: string; user_id: string; directory_id: string; join_time: number; display: string | null };
  tags: { directory_id: string; resource_type: string; resource_id: string; tag_key: string; tag_value: string };
  ram_users: {
    id: string;
    account_id: string;
    name: string;
    name_key: string;
    display_name: string | null;
    comments: string | null;
    email: string | null;
    mobile_phone: string | null;
    create_time: number;
    update_time: number | null;
    last_login_time: number | null;
  };
  ram_groups: { id: string; account_id: string; name: string; name_key: string; comments: string | null; create_time: number; update_time: number | null };
  ram_group_members: { group_id: string; user_id: string; join_time: number | null };
  access_keys: AccessKeyRow;
  ram_policies: { account_id: string; name: string; description: string | null; document: string; create_time: number; update_time: number };
  ram_policy_attachments: {
    account_id: string;
    policy_type: string;
    policy_name: string;
    principal_type: string;
    principal_id: string;
    attach_time: number;
  };
  ram_roles: RamRoleRow;
  ram_saml_providers: {
    account_id: string;
    name: string;
    name_key: string;
    description: string | null;
    metadata: string;
    create_time: number;
    update_time: number;
  };
  sts_credentials: StsCredentialRow;
  resource_directories: { id: string; master_account_id: string; master_account_name: string; root_folder_id: string; create_time: number };
  accounts: AccountRow;
  signature_nonces: { nonce: string; expire_time: number };
  auth_failures: { subject: string; window_start: number; failures: number; expire_time: number };
  audit_events: AuditEventRow;
  password_history: { id: string; directory_id: string; user_id: string; password_hash: string; create_time: number };
  saml_idp_certificates: { id: string; directory_id: string; fingerprint: string; pem: string; create_time: number };
  saml_sp_keys: { directory_id: string; acs_id: string; certificate_pem: string; private_key_sealed: string; create_time: number };
  mfa_devices: MfaDeviceRow;
  user_mfa_settings: { user_id: string; directory_id: string; setting: string };
  access_configurations: AccessConfigurationRow;
  access_configuration_policies: {
    access_configuration_id: string;
    policy_type: string;
    policy_name: string;
    document: string | null;
    add_time: number;
  };
  access_assignments: AccessAssignmentRow;
  access_provisionings: AccessProvisioningRow;
  tasks: TaskRow;
  webhook_endpoints: WebhookEndpointRow;
  webhook_events: { event_id: string; directory_id: string | null; event_type: string; payload: string; create_time: number };
  webhook_deliveries: WebhookDeliveryRow;
  webhook_attempts: { delivery_id: string; attempt: number; time: number; status_code: number | null; latency_ms: number; error: string | null };
  portal_sessions: {
    id_hash: string;
    directory_id: string;
    user_id: string;
    stage: string;
    auth_method: string;
    source_ip: string | null;
    pending_secret_sealed: string | null;
    create_time: number;
    expire_time: number;
  };
  portal_login_state: {
    user_id: string;
    directory_id: string;
    failed_attempts: Generated<number>;
    locked_until: number | null;
    last_success_time: number | null;
    last_success_source: string | null;
  };
  mfa_device_steps: { device_id: string; last_step: number };
  saml_requests: { id: string; directory_id: string; relay_state: string; browser_hash: string; create_time: number; expire_time: number };
  portal_device_grants: {
    device_code_hash: string;
    user_code: string;
    code_challenge: string;
    status: string;
    directory_id: string | null;
    user_id: string | null;
    token_expire_time: number | null;
    create_time: number;
    expire_time: number;
  };
  portal_access_tokens: {
    token_hash: string;
    directory_id: string;
    user_id: string;
    create_time: number;
    expire_time: number;
    selected_account_id: string | null;
    selected_access_configuration_id: string | null;
    selection_ambiguous: Generated<number>;
  };
  saml_assertions: { directory_id: string; assertion_id: string; expire_time: number };
  cloudsso_service: { account_id: string; status: string; update_time: number };
  cloudsso_delegate_accounts: { account_id: string; status: string; create_time: number; update_time: number };
  user_provisionings: UserProvisioningRow;
  user_provisioning_ram_users: {
    user_provisioning_id: string;
    user_id: string;
    directory_id: string;
    account_id: string;
    ram_user_id: string;
    origin: string;
  };
  user_provisioning_events: UserProvisioningEventRow;
  user_provisioning_configs: { directory_id: string; default_landing_page: string; session_duration: number; create_time: number; update_time: number };
}

export interface UserProvisioningRow {
  id: string;
  directory_id: string;
  principal_type: string;
  principal_id: string;
  target_type: string;
  target_id: string;
  description: string | null;
  duplication_strategy: string;
  deletion_strategy: string;
  status: string;
  latest_async_time: number | null;
  create_time: number;
  update_time: number;
}

export interface UserProvisioningEventRow {
  id: string;
  directory_id: string;
  user_provisioning_id: string;
  principal_type: string;
  principal_id: string;
  principal_name: string;
  target_type: string;
  target_id: string;
  target_name: string;
  source_type: string;
  error_count: number;
  error_info: string;
  latest_async_time: number;
  duplication_strategy: string;
  deletion_strategy: string;
  payload: string;
  create_time: number;
  update_time: number;
}

export interface AccessConfigurationRow {
  id: string;
  directory_id: string;
  name: string;
  name_key: string;
  description: string | null;
  relay_state: string | null;
  session_duration: number;
  create_time: number;
  update_time: number;
}

export interface AccessAssignmentRow {
  directory_id: string;
  access_configuration_id: string;
  target_type: string;
  target_id: string;
  principal_type: string;
  principal_id: string;
  create_time: number;
}

export interface AccessProvisioningRow {
  directory_id: string;
  access_configuration_id: string;
  target_type: string;
  target_id: string;
  status: string;
  ram_role_name: string;
  ram_policy_names: string;
  saml_provider_name: string;
  create_time: number;
  update_time: number;
}

export interface MfaDeviceRow {
  id: string;
  directory_id: string;
  user_id: string;
  name: string;
  type: string;
  secret_sealed: string;
  effective_time: number;
  last_use_time: number | null;
}

export interface DirectoryRow {
  id: string;
  name: string;
  region: string;
  scim_sync_enabled: number;
  settings: Generated<string>;
  /** Kept by triggers (migration 0004). */
  user_count: Generated<number>;
  group_count: Generated<number>;
  create_time: number;
  update_time: number;
}

export interface ScimCredentialRow {
  id: string;
  directory_id: string;
  secret_hash: string;
  status: string;
  create_time: number;
  expire_time: number;
  last_used_time: number | null;
}

export interface UserRow {
  id: string;
  directory_id: string;
  user_name: string;
  user_name_key: string;
  email: string | null;
  email_key: string | null;
  display_name: string | null;
  display_name_key: string | null;
  first_name: string | null;
  first_name_key: string | null;
  last_name: string | null;
  last_name_key: string | null;
  description: string | null;
  status: string;
  provision_type: string;
  external_id: string | null;
  external_issuer: string | null;
  scim: string | null;
  /** `scim` with every string value case-folded, for filters (migration 0002). */
  scim_key: string | null;
  password_hash: string | null;
  password_reset_required: Generated<number>;
  version: Generated<number>;
  create_time: number;
  update_time: number;
}

export interface GroupRow {
  id: string;
  directory_id: string;
  name: string;
  name_key: string;
  description: string | null;
  provision_type: string;
  external_id: string | null;
  scim: string | null;
  version: Generated<number>;
  create_time: number;
  update_time: number;
}

export interface AccessKeyRow {
  id: string;
  principal_type: string;
  ram_user_id: string | null;
  secret_enc: string;
  status: string;
  create_time: number;
  last_used_time: number | null;
}

export interface AuditEventRow {
  id: string;
  directory_id: string | null;
  time: number;
  actor_type: string;
  actor_id: string;
  action: string;
  resource_type: string;
  resource_id: string | null;
  request_id: string | null;
  // 0050: what ActionTrail's LookupEvents shows (null on rows written before it).
  service_name: string | null;
  event_name: string | null;
  event_rw: string | null;
  api_version: string | null;
  source_ip: string | null;
  user_agent: string | null;
  access_key_id: string | null;
  principal_type: string | null;
  principal_id: string | null;
  principal_name: string | null;
  /** JSON, secrets removed. */
  request_parameters: string | null;
  error_code: string | null;
  error_message: string | null;
}

export interface RamRoleRow {
  id: string;
  account_id: string;
  name: string;
  name_key: string;
  description: string | null;
  trust_policy: string;
  max_session_duration: number;
  create_time: number;
  update_time: number;
}

export interface StsCredentialRow {
  id: string;
  secret_enc: string;
  token_hash: string;
  account_id: string;
  role_id: string;
  session_name: string;
  session_policy: string | null;
  caller: string;
  create_time: number;
  expire_time: number;
}

export interface AccountRow {
  id: string;
  resource_directory_id: string;
  account_name: string;
  display_name: string;
  type: string;
  join_method: string;
  status: string;
  folder_id: string;
  join_time: number;
  modify_time: number;
}

/** migrations/0100-tasks.ts */
export interface TaskRow {
  task_id: string;
  directory_id: string;
  task_type: string;
  status: string;
  access_configuration_id: string;
  access_configuration_name: string | null;
  target_type: string;
  target_id: string;
  target_name: string | null;
  target_path: string | null;
  target_path_name: string | null;
  origin_target_id: string | null;
  principal_type: string | null;
  principal_id: string | null;
  principal_name: string | null;
  failure_reason: string | null;
  create_time: number;
  start_time: number;
  end_time: number | null;
  /** JSON text. */
  payload: string | null;
  conflict_key: string;
  attempts: Generated<number>;
  lease_owner: string | null;
  lease_until: number | null;
  next_run_at: number;
}

/** migrations/0170-webhooks.ts */
export interface WebhookEndpointRow {
  endpoint_id: string;
  url: string;
  description: string | null;
  /** JSON array of event types, or ["*"]. */
  event_types: string;
  secret_sealed: string;
  status: string;
  create_time: number;
  update_time: number;
}

export interface WebhookDeliveryRow {
  delivery_id: string;
  endpoint_id: string;
  event_id: string;
  status: string;
  attempts: number;
  next_attempt_at: number;
  lease_owner: string | null;
  lease_until: number | null;
  last_attempt_time: number | null;
  last_status_code: number | null;
  last_latency_ms: number | null;
  last_error: string | null;
  create_time: number;
  end_time: number | null;
}

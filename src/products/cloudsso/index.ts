import { actionRegistry, type Product } from '../../rpc/product.js';
import { assertCloudSsoAdministrator } from '../../core/service.js';
import { COMMON_ERRORS } from '../common/errors.js';
import setMfaAuthenticationStatus from './actions/set-mfa-authentication-status.js';
import getMfaAuthenticationStatus from './actions/get-mfa-authentication-status.js';
import updateMfaAuthenticationSettings from './actions/update-mfa-authentication-settings.js';
import getMfaAuthenticationSettings from './actions/get-mfa-authentication-settings.js';
import getMfaAuthenticationSettingInfo from './actions/get-mfa-authentication-setting-info.js';
import updateUserMfaAuthenticationSettings from './actions/update-user-mfa-authentication-settings.js';
import getUserMfaAuthenticationSettings from './actions/get-user-mfa-authentication-settings.js';
import listMfaDevicesForUser from './actions/list-mfa-devices-for-user.js';
import deleteMfaDeviceForUser from './actions/delete-mfa-device-for-user.js';
import getLoginPreference from './actions/get-login-preference.js';
import setLoginPreference from './actions/set-login-preference.js';
import setExternalSamlIdentityProvider from './actions/set-external-saml-identity-provider.js';
import getExternalSamlIdentityProvider from './actions/get-external-saml-identity-provider.js';
import clearExternalSamlIdentityProvider from './actions/clear-external-saml-identity-provider.js';
import addExternalSamlIdpCertificate from './actions/add-external-saml-idp-certificate.js';
import listExternalSamlIdpCertificates from './actions/list-external-saml-idp-certificates.js';
import removeExternalSamlIdpCertificate from './actions/remove-external-saml-idp-certificate.js';
import getDirectorySamlServiceProviderInfo from './actions/get-directory-saml-service-provider-info.js';
import setDirectorySamlServiceProviderInfo from './actions/set-directory-saml-service-provider-info.js';
import addUserToGroup from './actions/add-user-to-group.js';
import createDirectory from './actions/create-directory.js';
import createGroup from './actions/create-group.js';
import createSCIMServerCredential from './actions/create-scim-server-credential.js';
import createUser from './actions/create-user.js';
import deleteDirectory from './actions/delete-directory.js';
import deleteGroup from './actions/delete-group.js';
import deleteSCIMServerCredential from './actions/delete-scim-server-credential.js';
import deleteUser from './actions/delete-user.js';
import getDirectory from './actions/get-directory.js';
import getDirectoryStatistics from './actions/get-directory-statistics.js';
import getGroup from './actions/get-group.js';
import getPasswordPolicy from './actions/get-password-policy.js';
import getSCIMSynchronizationStatus from './actions/get-scim-synchronization-status.js';
import getUser from './actions/get-user.js';
import getUserId from './actions/get-user-id.js';
import listDirectories from './actions/list-directories.js';
import listGroupMembers from './actions/list-group-members.js';
import listGroups from './actions/list-groups.js';
import listJoinedGroupsForUser from './actions/list-joined-groups-for-user.js';
import listSCIMServerCredentials from './actions/list-scim-server-credentials.js';
import listTagResources from './actions/list-tag-resources.js';
import listUsers from './actions/list-users.js';
import removeUserFromGroup from './actions/remove-user-from-group.js';
import resetUserPassword from './actions/reset-user-password.js';
import setPasswordPolicy from './actions/set-password-policy.js';
import setSCIMSynchronizationStatus from './actions/set-scim-synchronization-status.js';
import tagResources from './actions/tag-resources.js';
import untagResources from './actions/untag-resources.js';
import updateDirectory from './actions/update-directory.js';
import updateGroup from './actions/update-group.js';
import updateSCIMServerCredentialStatus from './actions/update-scim-server-credential-status.js';
import updateUser from './actions/update-user.js';
import updateUserStatus from './actions/update-user-status.js';
import createAccessConfiguration from './actions/create-access-configuration.js';
import getAccessConfiguration from './actions/get-access-configuration.js';
import listAccessConfigurations from './actions/list-access-configurations.js';
import updateAccessConfiguration from './actions/update-access-configuration.js';
import deleteAccessConfiguration from './actions/delete-access-configuration.js';
import addPermissionPolicyToAccessConfiguration from './actions/add-permission-policy-to-access-configuration.js';
import removePermissionPolicyFromAccessConfiguration from './actions/remove-permission-policy-from-access-configuration.js';
import listPermissionPoliciesInAccessConfiguration from './actions/list-permission-policies-in-access-configuration.js';
import updateInlinePolicyForAccessConfiguration from './actions/update-inline-policy-for-access-configuration.js';
import getTask from './actions/get-task.js';
import getTaskStatus from './actions/get-task-status.js';
import listTasks from './actions/list-tasks.js';
import createAccessAssignment from './actions/create-access-assignment.js';
import deleteAccessAssignment from './actions/delete-access-assignment.js';
import listAccessAssignments from './actions/list-access-assignments.js';
import provisionAccessConfiguration from './actions/provision-access-configuration.js';
import deprovisionAccessConfiguration from './actions/deprovision-access-configuration.js';
import listAccessConfigurationProvisionings from './actions/list-access-configuration-provisionings.js';
import enableService from './actions/enable-service.js';
import disableService from './actions/disable-service.js';
import getServiceStatus from './actions/get-service-status.js';
import enableDelegateAccount from './actions/enable-delegate-account.js';
import disableDelegateAccount from './actions/disable-delegate-account.js';
import getDelegateAccount from './actions/get-delegate-account.js';
import getDirectoryGlobalAccessStatus from './actions/get-directory-global-access-status.js';
import updateDirectoryGlobalAccessStatus from './actions/update-directory-global-access-status.js';
import getAttributePassingSetting from './actions/get-attribute-passing-setting.js';
import updateAttributePassingSetting from './actions/update-attribute-passing-setting.js';
import createUserProvisioning from './actions/create-user-provisioning.js';
import getUserProvisioning from './actions/get-user-provisioning.js';
import listUserProvisionings from './actions/list-user-provisionings.js';
import updateUserProvisioning from './actions/update-user-provisioning.js';
import deleteUserProvisioning from './actions/delete-user-provisioning.js';
import getUserProvisioningConfiguration from './actions/get-user-provisioning-configuration.js';
import updateUserProvisioningConfiguration from './actions/update-user-provisioning-configuration.js';
import getUserProvisioningStatistics from './actions/get-user-provisioning-statistics.js';
import getUserProvisioningRdAccountStatistics from './actions/get-user-provisioning-rd-account-statistics.js';
import listUserProvisioningEvents from './actions/list-user-provisioning-events.js';
import getUserProvisioningEvent from './actions/get-user-provisioning-event.js';
import retryUserProvisioningEvent from './actions/retry-user-provisioning-event.js';
import deleteUserProvisioningEvent from './actions/delete-user-provisioning-event.js';

/** CloudSSO, version 2021-05-15: the product this server is named after. */
/**
 * Actions any account may call: GetServiceStatus answers every account, and the service switch and
 * the delegate actions check for the management account themselves.
 */
const ANY_ACCOUNT = new Set(['GetServiceStatus', 'EnableService', 'DisableService', 'EnableDelegateAccount', 'DisableDelegateAccount', 'GetDelegateAccount']);

export const CLOUDSSO: Product = {
  code: 'cloudsso',
  version: '2021-05-15',
  actions: actionRegistry([
    // The service and its delegated administrators
    enableService,
    disableService,
    getServiceStatus,
    enableDelegateAccount,
    disableDelegateAccount,
    getDelegateAccount,
    // Directory
    createDirectory,
    getDirectory,
    listDirectories,
    updateDirectory,
    deleteDirectory,
    getDirectoryStatistics,
    getDirectoryGlobalAccessStatus,
    updateDirectoryGlobalAccessStatus,
    getAttributePassingSetting,
    updateAttributePassingSetting,
    // SCIM credentials and synchronization
    createSCIMServerCredential,
    listSCIMServerCredentials,
    updateSCIMServerCredentialStatus,
    deleteSCIMServerCredential,
    getSCIMSynchronizationStatus,
    setSCIMSynchronizationStatus,
    // Users
    createUser,
    getUser,
    listUsers,
    updateUser,
    updateUserStatus,
    deleteUser,
    getUserId,
    resetUserPassword,
    getPasswordPolicy,
    setPasswordPolicy,
    // Groups and membership
    createGroup,
    getGroup,
    listGroups,
    updateGroup,
    deleteGroup,
    addUserToGroup,
    removeUserFromGroup,
    listGroupMembers,
    listJoinedGroupsForUser,
    // Tags on users
    tagResources,
    untagResources,
    listTagResources,
    // MFA
    setMfaAuthenticationStatus,
    getMfaAuthenticationStatus,
    updateMfaAuthenticationSettings,
    getMfaAuthenticationSettings,
    getMfaAuthenticationSettingInfo,
    updateUserMfaAuthenticationSettings,
    getUserMfaAuthenticationSettings,
    listMfaDevicesForUser,
    deleteMfaDeviceForUser,
    // Login preference
    getLoginPreference,
    setLoginPreference,
    // SAML SSO: the external IdP, and this directory as the SP
    setExternalSamlIdentityProvider,
    getExternalSamlIdentityProvider,
    clearExternalSamlIdentityProvider,
    addExternalSamlIdpCertificate,
    listExternalSamlIdpCertificates,
    removeExternalSamlIdpCertificate,
    getDirectorySamlServiceProviderInfo,
    setDirectorySamlServiceProviderInfo,
    // Access configurations and their permission policies
    createAccessConfiguration,
    getAccessConfiguration,
    listAccessConfigurations,
    updateAccessConfiguration,
    deleteAccessConfiguration,
    addPermissionPolicyToAccessConfiguration,
    removePermissionPolicyFromAccessConfiguration,
    listPermissionPoliciesInAccessConfiguration,
    updateInlinePolicyForAccessConfiguration,
    // Access assignments and provisioning (asynchronous: they answer with tasks)
    createAccessAssignment,
    deleteAccessAssignment,
    listAccessAssignments,
    provisionAccessConfiguration,
    deprovisionAccessConfiguration,
    listAccessConfigurationProvisionings,
    // Tasks of the asynchronous operations
    getTask,
    getTaskStatus,
    listTasks,
    // RAM user provisioning: users and groups kept as RAM users in member accounts
    createUserProvisioning,
    getUserProvisioning,
    listUserProvisionings,
    updateUserProvisioning,
    deleteUserProvisioning,
    getUserProvisioningConfiguration,
    updateUserProvisioningConfiguration,
    getUserProvisioningStatistics,
    getUserProvisioningRdAccountStatistics,
    listUserProvisioningEvents,
    getUserProvisioningEvent,
    retryUserProvisioningEvent,
    deleteUserProvisioningEvent,
  ]),
  arn: (s) => (relative) => `acs:cloudsso:${s.regionId}:${s.accountId}:${relative}`,
  // The management account and its delegated administrator manage CloudSSO (decision 0153).
  admit: async (core, principal, action) => {
    if (!ANY_ACCOUNT.has(action.name)) await assertCloudSsoAdministrator(core, principal.accountId);
  },
  // CloudSSO's vocabulary is the common one the other products start from.
  errors: COMMON_ERRORS,
};

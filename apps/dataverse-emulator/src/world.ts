/**
 * The emulated cloud: organizations (Dataverse environments), their users and the Entra ID app registrations
 * that may sign in to them. Both halves of the emulator read it: the Dataverse Web API (`dataverse/`) and the
 * Microsoft identity platform (`identity/`). The Dataverse half builds it from configuration at start and on reset.
 */
export interface EmulatedUser {
  /** systemuserid in the org. */
  systemuserId: string;
  /** Entra ID object id (the `oid` claim; `azureactivedirectoryobjectid` on systemuser). */
  entraObjectId: string;
  /** User principal name, e.g. `alice@contoso.example`; empty for application users. */
  upn: string;
  name: string;
  businessUnitId: string;
  isDisabled: boolean;
  /** Application users authenticate with client credentials; `applicationId` is their app registration's client id. */
  isApplicationUser: boolean;
  applicationId?: string;
}

export interface EmulatedOrganization {
  /** Short name used in the URL: environment URL is `{baseUrl}/orgs/{name}`. */
  name: string;
  friendlyName: string;
  tenantId: string;
  organizationId: string;
  /** `{baseUrl}/orgs/{name}`: the token audience and the Global Discovery `Url`/`ApiUrl`. */
  environmentUrl: string;
  users: EmulatedUser[];
}

export interface AppRegistration {
  clientId: string;
  clientSecret: string;
  tenantId: string;
  redirectUris: string[];
}

export interface EmulatorWorld {
  /** e.g. `http://127.0.0.1:7070`; stands for both https://login.microsoftonline.com and https://globaldisco.crm.dynamics.com. */
  baseUrl: string;
  organizations: EmulatedOrganization[];
  appRegistrations: AppRegistration[];
}

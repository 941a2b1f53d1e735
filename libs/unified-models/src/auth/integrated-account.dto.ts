import { IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { PlainText } from '../common/plain-text';
import { PageQueryDto } from '../common/page-query.dto';

export enum IntegratedAccountStatus {
  ACTIVE = 'active',
  NEEDS_REAUTH = 'needs_reauth',
  DISCONNECTED = 'disconnected',
}

export enum IntegratedAccountAuthType {
  /** Delegated: an end user signed in and consented (authorization code flow). */
  OAUTH = 'oauth',
  /** App-only: an application user authenticates with its client id and secret. */
  CLIENT_CREDENTIALS = 'client_credentials',
}

export class ConsentingUserDto {
  /** The Dataverse systemuserid of who consented (or the application user). */
  id: string;
  name: string | null;
  email: string | null;
}

/** One end customer's connected Dynamics 365 organization. Never carries a secret or a token. */
export class IntegratedAccountDto {
  id: string;
  /** Your own reference for the end customer, as given when the link token was created. */
  customer_ref: string | null;
  /** The Dataverse environment URL, e.g. `https://contoso.crm.dynamics.com`. */
  environment_url: string;
  auth_type: IntegratedAccountAuthType;
  status: IntegratedAccountStatus;
  /** Why the account needs to be connected again, when `status` is `needs_reauth`. */
  status_reason: string | null;
  /** The Dataverse organization id (from WhoAmI). */
  organization_id: string | null;
  user: ConsentingUserDto | null;
  created_at: string;
  updated_at: string;
  last_refreshed_at: string | null;
}

export class ListIntegratedAccountsQueryDto extends PageQueryDto {
  /** Only the accounts with this `customer_ref`. */
  @IsOptional()
  @IsString()
  @MaxLength(255)
  @PlainText()
  customer_ref?: string;

  @IsOptional()
  @IsEnum(IntegratedAccountStatus)
  status?: IntegratedAccountStatus;
}

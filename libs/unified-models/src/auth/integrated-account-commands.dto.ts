import { Equals, IsOptional, IsString, IsUrl, IsUUID, Matches, MaxLength } from 'class-validator';
import { PlainText, TENANT_PATTERN } from '../common/plain-text';

/** App-only connection: an application user of the customer's org authenticates with its client credentials. */
export class CreateAppOnlyAccountDto {
  @Equals('client_credentials')
  auth_type: 'client_credentials';

  /** The Dataverse environment URL, e.g. `https://contoso.crm.dynamics.com`. */
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  @MaxLength(2048)
  environment_url: string;

  /** The customer's Microsoft Entra tenant id (or primary domain). */
  @IsString()
  @MaxLength(255)
  @Matches(TENANT_PATTERN, { message: 'tenant_id must be a tenant id (a GUID) or one of its domain names' })
  tenant_id: string;

  /** The application (client) id of the customer's app registration. */
  @IsUUID()
  client_id: string;

  @IsString()
  @MaxLength(1024)
  client_secret: string;

  @IsOptional()
  @IsString()
  @MaxLength(255)
  @PlainText()
  customer_ref?: string;
}

export class IntegratedAccountIdDto {
  @IsUUID()
  integrated_account_id: string;
}

export class AccountTestResultDto {
  status: 'active' | 'needs_reauth';
  /** Why, when the account needs to be connected again. */
  reason: string | null;
  /** Who Dataverse says the credentials belong to. */
  user_id: string | null;
  organization_id: string | null;
}

/** Internal (services ↔ auth-service): a short-lived access token for an integrated account. */
export class CredentialsRequestDto {
  @IsUUID()
  integrated_account_id: string;

  /** With `auth.credentials.refresh`: the SHA-256 of the token Dataverse refused, so a token another caller already replaced is not refreshed twice. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  rejected_token_hash?: string;
}

export interface AccessGrant {
  environment_url: string;
  access_token: string;
  expires_at: string;
}

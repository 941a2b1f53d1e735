import { IsOptional, IsString, IsUrl, MaxLength } from 'class-validator';

/** Internal (gateway ↔ auth-service): the hosted connect flow. */
export class ConnectBeginDto {
  @IsString()
  @MaxLength(128)
  link_token: string;
}

export class ConnectCallbackDto {
  @IsString()
  @MaxLength(256)
  state: string;

  @IsOptional()
  @IsString()
  @MaxLength(4096)
  code?: string;

  @IsOptional()
  @IsString()
  @MaxLength(256)
  error?: string;

  @IsOptional()
  @IsString()
  @MaxLength(2048)
  error_description?: string;
}

export class ConnectChooseEnvironmentDto {
  @IsString()
  @MaxLength(256)
  state: string;

  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  @MaxLength(2048)
  environment_url: string;
}

export interface DiscoveredEnvironment {
  url: string;
  name: string;
  unique_name: string;
  region: string | null;
}

/** What the gateway does next in the connect flow. */
export type ConnectStep =
  | { kind: 'redirect'; url: string }
  | { kind: 'choose_environment'; state: string; environments: DiscoveredEnvironment[] }
  | { kind: 'done'; integrated_account_id: string }
  | { kind: 'failed'; error: string; error_description: string };

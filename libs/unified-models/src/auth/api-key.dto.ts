import { IsHexadecimal, Length } from 'class-validator';

/** The gateway sends only the SHA-256 of a presented API key, never the key itself. */
export class VerifyApiKeyDto {
  @IsHexadecimal()
  @Length(64, 64)
  key_hash: string;
}

export class ApiKeyIdentityDto {
  environment_id: string;
  api_key_id: string;
}

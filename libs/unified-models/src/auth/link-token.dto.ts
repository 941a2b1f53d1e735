import { IsOptional, IsString, IsUUID, IsUrl, MaxLength } from 'class-validator';
import { PlainText } from '../common/plain-text';

export class CreateLinkTokenDto {
  /** Your own reference for the end customer; stored on the integrated account. */
  @IsOptional()
  @IsString()
  @MaxLength(255)
  @PlainText()
  customer_ref?: string;

  /** Where the end user is sent back: `?integrated_account_id=…` or `?error=…&error_description=…`. Must be registered for your environment. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  @MaxLength(2048)
  redirect_uri?: string;

  /** Re-authorize this existing integrated account instead of creating one. */
  @IsOptional()
  @IsUUID()
  integrated_account_id?: string;
}

export class LinkTokenDto {
  /** Single use; expires at `expires_at`. */
  link_token: string;
  /** The hosted connect page to send your end user to. */
  link_url: string;
  expires_at: string;
}

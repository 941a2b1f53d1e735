import { ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { ChangeEventType } from './change-event.dto';

/** `POST /webhooks`. */
export class CreateWebhookDto {
  /** The receiver: https and public, unless the deployment allows local receivers. */
  @IsString()
  @MaxLength(2000)
  url: string;

  /** The event types to deliver. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsEnum(ChangeEventType, { each: true })
  events: ChangeEventType[];

  /** Only this integrated account's events; without it, every account of the environment. */
  @IsOptional()
  @IsUUID()
  integrated_account_id?: string;
}

/** `PATCH /webhooks/{id}`. */
export class UpdateWebhookDto {
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  url?: string;

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsEnum(ChangeEventType, { each: true })
  events?: ChangeEventType[];

  /** `true` resumes a subscription that a 410 answer or persistent failures disabled. */
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

/** A webhook subscription (never its secret). */
export class WebhookDto {
  id: string;
  url: string;
  events: ChangeEventType[];
  /** Null for every account of the environment. */
  integrated_account_id: string | null;
  enabled: boolean;
  /** Why it was disabled, e.g. `gone` (the receiver answered 410) or `failing`. */
  disabled_reason: string | null;
  created_at: string;
  updated_at: string;
}

/** The answer of `POST /webhooks`: the only time the signing secret is shown. */
export class CreatedWebhookDto extends WebhookDto {
  /** `whsec_…`: the Standard Webhooks signing secret. Shown once. */
  secret: string;
}

export enum DeliveryStatus {
  PENDING = 'pending',
  DELIVERED = 'delivered',
  FAILED = 'failed',
}

/** One event's delivery to a subscription. */
export class WebhookDeliveryDto {
  event_id: string;
  event_type: ChangeEventType;
  status: DeliveryStatus;
  /** The receiver's last HTTP status; null before the first attempt or after a network failure. */
  response_status: number | null;
  /** Attempts made so far. */
  attempt: number;
  /** When the next attempt is due; null once delivered or given up. */
  next_attempt_at: string | null;
  last_attempt_at: string | null;
  /** Why the last attempt failed (a network error or the status), without the receiver's body. */
  last_error: string | null;
}

/** `{id}` and `{event_id}` of the delivery routes. */
export class WebhookDeliveryParamsDto {
  @IsUUID()
  id: string;

  @IsString()
  @MaxLength(100)
  event_id: string;
}

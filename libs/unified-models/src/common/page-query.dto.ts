import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export const MAX_PAGE_SIZE = 5000;
export const DEFAULT_PAGE_SIZE = 100;

/** `limit` and `next_cursor`, shared by every list route. */
export class PageQueryDto {
  /** Records per page. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number = DEFAULT_PAGE_SIZE;

  /** The `next_cursor` of the previous page, unchanged. */
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  next_cursor?: string;
}

import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import {
  DEFAULT_PAGE_SIZE,
  IntegratedAccountDto,
  ListEnvelope,
  listEnvelopeOf,
  ListIntegratedAccountsQueryDto,
} from '@dua/unified-models';
import { CursorCodec } from '@dua/service-kit';
import { IntegratedAccountEntity } from './integrated-account.entity';
import { toIntegratedAccountDto } from './integrated-account.mapper';

/** Keyset position: the last row of the previous page in (created_at, id) order. */
interface AccountPagePosition {
  createdAt: string;
  id: string;
}

@Injectable()
export class IntegratedAccountsService {
  constructor(
    @InjectRepository(IntegratedAccountEntity) private readonly accounts: Repository<IntegratedAccountEntity>,
    @Inject(CursorCodec) private readonly cursors: CursorCodec,
  ) {}

  async list(environmentId: string, query: ListIntegratedAccountsQueryDto): Promise<ListEnvelope<IntegratedAccountDto>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const binding = { resource: 'integrated-accounts', environmentId, customerRef: query.customer_ref, status: query.status };
    const after = query.next_cursor ? this.cursors.decode<AccountPagePosition>(query.next_cursor, binding) : undefined;

    const builder = this.accounts
      .createQueryBuilder('account')
      .where('account.environment_id = :environmentId', { environmentId })
      .orderBy('account.created_at', 'ASC')
      .addOrderBy('account.id', 'ASC')
      .take(limit + 1);
    if (query.customer_ref !== undefined) builder.andWhere('account.customer_ref = :customerRef', { customerRef: query.customer_ref });
    if (query.status !== undefined) builder.andWhere('account.status = :status', { status: query.status });
    if (after) builder.andWhere('(account.created_at, account.id) > (:createdAt, :id)', after);

    const rows = await builder.getMany();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const nextCursor =
      rows.length > limit && last ? this.cursors.encode<AccountPagePosition>({ createdAt: last.createdAt.toISOString(), id: last.id }, binding) : null;
    return listEnvelopeOf(page.map(toIntegratedAccountDto), nextCursor);
  }
}

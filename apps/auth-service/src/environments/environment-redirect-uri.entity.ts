import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Where an environment's end users may be sent back after connecting (exact match). */
@Entity({ name: 'environment_redirect_uris' })
export class EnvironmentRedirectUriEntity {
  @PrimaryColumn({ name: 'environment_id', type: 'uuid' })
  environmentId: string;

  @PrimaryColumn({ type: 'text' })
  uri: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

import { randomUUID } from 'node:crypto';

/** Identifies this process among the replicas of a service (reported by its ping). */
export const INSTANCE_ID = randomUUID();

import type { ChildProcess } from 'node:child_process';

export declare function freePort(): Promise<number>;
export declare function waitForPort(port: number, host?: string, timeoutMs?: number): Promise<void>;

export declare class ChildProcesses {
  start(
    name: string,
    command: string,
    args: string[],
    options?: { env?: NodeJS.ProcessEnv; cwd?: string; onLine?: (line: string) => void; inheritOutput?: boolean; infrastructure?: boolean },
  ): ChildProcess;
  stop(child: ChildProcess, graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stopAll(graceMs?: number): Promise<void>;
}
export declare function waitForLine(child: ChildProcess, predicate: (line: string) => boolean, timeoutMs?: number): Promise<string>;

export declare function natsServerOnPath(): boolean;
export declare const INSTALL_HINT: string;
export declare const MAX_PAYLOAD: string;
export declare function startNatsServer(
  children: ChildProcesses,
  options?: { port?: number; passwords?: Record<string, string> },
): Promise<{ url: string; port: number; child: ChildProcess; passwords: Record<string, string> }>;

/** One entry per app: who may say what on the bus (nats-permissions.js). */
export interface NatsApp {
  user: string;
  serves?: string[];
  internal?: string[];
  requests?: string[];
  broadcasts?: string[];
  hears?: string[];
  gateway?: boolean;
  verifiesCallContext?: boolean;
  signsCallContext?: boolean;
}
export declare const NATS_APPS: NatsApp[];
export declare function permissionsOf(app: NatsApp): {
  publish: { allow: string[]; deny?: string[] };
  subscribe: { allow: string[] };
};
export declare function renderNatsConf(options: {
  passwords?: Record<string, string>;
  maxPayload: string;
  tls?: { certFile: string; keyFile: string; caFile?: string };
}): string;
export declare function renderNatsAuthorization(passwords?: Record<string, string>): string;
export declare function generateNatsPasswords(): Record<string, string>;
export declare function passwordVariableOf(user: string): string;
export declare function busEnvOf(app: string, secrets: { passwords?: Record<string, string>; callContextKey?: string }): Record<string, string>;

export declare function createDatabase(adminUrl: string, prefix?: string): Promise<string>;
export declare function dropDatabase(adminUrl: string, databaseUrl: string): Promise<void>;
export declare function canConnect(url: string): Promise<boolean>;
export declare function providePostgres(dataDir: string): Promise<{ url: string; stop: () => Promise<void> }>;
export declare function startEmbeddedPostgres(dataDir: string, port: number): Promise<{ adminUrl: string; stop: () => Promise<void>; start: () => Promise<void> }>;

/** An embedded Postgres in a child process that can be stopped and started again (tests that restart their database). */
export declare function startPrivatePostgres(
  children: ChildProcesses,
  dataDir: string,
): Promise<{ adminUrl: string; stop: () => Promise<void>; start: () => Promise<void>; close: () => Promise<void> }>;

export declare function connectHeadless(options: {
  gatewayUrl: string;
  linkToken: string;
  upn?: string;
  environmentUrl?: string;
  action?: 'accept' | 'cancel';
}): Promise<{ finalUrl: string | null; status: number; body: string }>;

/** V8 flags an app runs with, wherever it is started (see app-node-flags.js). */
export declare function nodeFlagsOf(app: string): string[];

/** Environment an app starts with, wherever it is started (see app-node-flags.js), e.g. `MALLOC_ARENA_MAX`. */
export declare function processEnvOf(app: string): Record<string, string>;

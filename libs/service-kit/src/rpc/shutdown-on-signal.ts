import { Logger } from '@nestjs/common';
import { ConfigReader } from '../config/config-reader';

/** `SHUTDOWN_GRACE_MS`: how long a stopping app finishes the work it holds before it exits anyway (default 10 s). */
export function readShutdownGraceMs(reader: ConfigReader): number {
  return reader.integer('SHUTDOWN_GRACE_MS', 10_000, { min: 0, max: 600_000 });
}

/** Time given, beyond the grace, to closing connections and pools after the drain. */
const CLOSE_MARGIN_MS = 5_000;

/**
 * On SIGTERM or SIGINT (a container stop, `npm start`'s Ctrl-C), runs `stop` once and exits 0; exits 1 when `stop`
 * fails or outlasts the grace plus a margin. Nest's own shutdown hooks are not used: they close providers (database
 * pools, clients) before the transport, so the requests still held would fail, and they end the process by re-raising
 * the signal (exit code 143).
 */
export function shutdownOnSignal(app: string, graceMs: number, stop: () => Promise<void>): void {
  const logger = new Logger('Shutdown');
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${app} received ${signal}: stopping (grace ${graceMs} ms)`);
    const started = Date.now();
    const tooLate = setTimeout(() => {
      logger.error(`${app} did not stop within ${graceMs + CLOSE_MARGIN_MS} ms; exiting`);
      process.exit(1);
    }, graceMs + CLOSE_MARGIN_MS);
    tooLate.unref();
    stop().then(
      () => {
        logger.log(`${app} stopped in ${Date.now() - started} ms`);
        process.exit(0);
      },
      (error: unknown) => {
        logger.error(`${app} failed to stop cleanly`, error instanceof Error ? error.stack : String(error));
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

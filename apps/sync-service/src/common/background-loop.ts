import { Logger } from '@nestjs/common';

/**
 * Runs `turn` again and again until stopped. After a turn that found no work it waits `idleMs`, unless woken
 * (new work arrived in this process) or stopped. A failing turn is logged and the loop goes on.
 */
export class BackgroundLoop {
  private readonly logger: Logger;
  private running = false;
  private done?: Promise<void>;
  private wake?: () => void;
  private woken = false;

  constructor(
    name: string,
    private readonly turn: () => Promise<boolean>,
    private readonly idleMs: number,
  ) {
    this.logger = new Logger(name);
  }

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    this.running = true;
    this.done = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.done;
  }

  wakeUp(): void {
    this.woken = true;
    this.wake?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.woken = false;
      let busy = false;
      try {
        busy = await this.turn();
      } catch (error) {
        this.logger.warn(`${(error as Error).message}`);
      }
      if (!busy && !this.woken && this.running) await this.idle();
    }
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, this.idleMs);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

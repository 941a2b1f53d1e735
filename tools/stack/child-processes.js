// @ts-check
const { spawn } = require('node:child_process');

/**
 * How long a stopped child may take before it is killed: an app's own SHUTDOWN_GRACE_MS (10 s by default: it finishes
 * the requests it holds) plus the margin it gives itself to close its connections. An idle app exits at once.
 */
const STOP_GRACE_MS = 16_000;

/**
 * Children started by our scripts and test harnesses. Every child is stopped with SIGTERM, waited for (it drains), and
 * killed only if it outlasts the grace period, when `stopAll` runs; when the parent exits, whatever is left is killed,
 * so Ctrl-C never leaves a service behind.
 */
class ChildProcesses {
  constructor() {
    /** @type {Set<import('node:child_process').ChildProcess>} */
    this.children = new Set();
    /** @type {Set<import('node:child_process').ChildProcess>} */
    this.infrastructure = new Set();
    process.once('exit', () => {
      for (const child of this.children) child.kill('SIGKILL');
    });
  }

  /**
   * @param {string} name label for log lines
   * @param {string} command
   * @param {string[]} args
   * @param {{ env?: NodeJS.ProcessEnv, cwd?: string, onLine?: (line: string) => void, inheritOutput?: boolean, infrastructure?: boolean }} [options]
   *   infrastructure: stopped after everything else (NATS, databases), so apps never see it vanish first
   */
  start(name, command, args, options = {}) {
    const child = spawn(command, args, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: a terminal's Ctrl-C reaches the parent only, which stops the apps first (they drain
      // while NATS is still up) and the infrastructure last, instead of everything at once.
      detached: true,
    });
    this.children.add(child);
    if (options.infrastructure) this.infrastructure.add(child);
    child.once('exit', () => {
      this.children.delete(child);
      this.infrastructure.delete(child);
    });
    for (const stream of [child.stdout, child.stderr]) {
      let buffered = '';
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk) => {
        buffered += chunk;
        let newline;
        while ((newline = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, newline);
          buffered = buffered.slice(newline + 1);
          options.onLine?.(line);
          if (options.inheritOutput) process.stdout.write(`[${name}] ${line}\n`);
        }
      });
    }
    return child;
  }

  /**
   * Sends SIGTERM and waits for the exit (SIGKILL after `graceMs`). Resolves with how the child ended.
   * @param {import('node:child_process').ChildProcess} child
   * @returns {Promise<{ code: number | null, signal: NodeJS.Signals | null }>}
   */
  async stop(child, graceMs = STOP_GRACE_MS) {
    if (child.exitCode !== null || child.signalCode !== null) return { code: child.exitCode, signal: child.signalCode };
    /** @type {Promise<{ code: number | null, signal: NodeJS.Signals | null }>} */
    const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    const ending = await exited;
    clearTimeout(timer);
    return ending;
  }

  async stopAll(graceMs = STOP_GRACE_MS) {
    const apps = [...this.children].filter((child) => !this.infrastructure.has(child));
    await Promise.all(apps.map((child) => this.stop(child, graceMs)));
    await Promise.all([...this.children].map((child) => this.stop(child, graceMs)));
  }
}

/** Resolves with the first line matching `predicate`, or rejects when the child exits first or time runs out. */
function waitForLine(child, predicate, timeoutMs = 30_000) {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => done(new Error(`No expected output after ${timeoutMs} ms`)), timeoutMs);
    const onData = (chunk) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      const line = lines.find(predicate);
      if (line !== undefined) done(undefined, line);
    };
    const onExit = (code) => done(new Error(`The process exited (${code}) before it was ready`));
    function done(error, line) {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(line);
    }
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

module.exports = { ChildProcesses, waitForLine };

// @ts-check
const { spawn } = require('node:child_process');

/**
 * Children started by our scripts and test harnesses. Every child is stopped with SIGTERM (then SIGKILL after a grace
 * period) when `stopAll` runs or the parent exits, so Ctrl-C never leaves a service behind.
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

  /** @param {import('node:child_process').ChildProcess} child */
  async stop(child, graceMs = 3000) {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }

  async stopAll(graceMs = 3000) {
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

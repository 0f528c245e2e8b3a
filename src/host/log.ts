/**
 * The "QA Forge" log (a LogOutputChannel: levels, timestamps, `Developer: Set Log Level`). Every line goes
 * through {@link QaForgeLog.redact} so a key typed into an error message by an endpoint never reaches the log.
 * The secrets to mask are the log's own, registered where a key is read or set — not module state.
 */
import * as vscode from 'vscode';
import { scrubSecrets } from '../core/llm/redact';
import type { RunEvent } from '../core/domain/events';

/** The extension's log channel. */
export class QaForgeLog implements vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;
  private readonly secrets = new Set<string>();

  constructor() {
    this.channel = vscode.window.createOutputChannel('QA Forge', { log: true });
  }

  /** Registers a secret (the API key) to be masked in every line from now on. */
  hideSecret(secret: string | undefined): void {
    if (secret && secret.length >= 4) this.secrets.add(secret);
  }

  /** Masks the registered secrets (and echoed fragments of them), bearer tokens and `sk-` style keys in `text`. */
  redact(text: string): string {
    return scrubSecrets(text, [...this.secrets]);
  }

  info(line: string): void { this.channel.info(this.redact(line)); }
  warn(line: string): void { this.channel.warn(this.redact(line)); }
  error(line: string): void { this.channel.error(this.redact(line)); }

  /** One line per stage, retry, error and the run's end; pair events are summarised by the stage counts. */
  event(runId: string, event: RunEvent): void {
    const tag = `[${runId}]`;
    switch (event.type) {
      case 'run-started':
        this.info(`${tag} run started: ${event.nodeIds.join(' → ')}`);
        break;
      case 'node-started':
        this.info(`${tag} ${event.node} started${event.iteration > 0 ? ` (iteration ${event.iteration})` : ''}`);
        break;
      case 'node-finished':
        this.info(`${tag} ${event.node} done in ${event.durationMs} ms: in ${event.counts.in}, out ${event.counts.out}, dropped ${event.counts.dropped}, below threshold ${event.counts.rejected ?? 0}, retried ${event.counts.retried}`);
        break;
      case 'retry':
        this.warn(`${tag} ${event.node} retry ${event.info.attempt} in ${event.info.delayMs} ms: ${event.info.reason}`);
        break;
      case 'node-error':
        (event.fatal ? this.error.bind(this) : this.warn.bind(this))(`${tag} ${event.node}: ${event.message}`);
        break;
      case 'run-finished':
        this.info(`${tag} run ${event.status} in ${event.elapsedMs} ms: ${event.usage.calls} calls (${event.usage.cacheHits} cached), ${event.usage.promptTokens}+${event.usage.completionTokens} tokens, $${event.usage.costUsd.toFixed(4)}`);
        break;
      case 'usage':
      case 'pair-validated':
        break;
    }
  }

  show(): void { this.channel.show(true); }
  dispose(): void { this.channel.dispose(); }
}

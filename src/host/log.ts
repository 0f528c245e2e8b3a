/**
 * The "QA Forge" log (a LogOutputChannel: levels, timestamps, `Developer: Set Log Level`). Every line goes
 * through {@link redact} so a key typed into an error message by an endpoint never reaches the log.
 */
import * as vscode from 'vscode';
import { scrubSecrets } from '../core/llm/redact';
import type { RunEvent } from '../core/domain/events';

const secretsToHide = new Set<string>();

/** Registers a secret (the API key) to be masked in every log line from now on. */
export function hideSecret(secret: string | undefined): void {
  if (secret && secret.length >= 4) secretsToHide.add(secret);
}

/** Masks registered secrets (and echoed fragments of them), bearer tokens and `sk-` style keys in `text`. */
export function redact(text: string): string {
  return scrubSecrets(text, [...secretsToHide]);
}

/** The extension's log channel. */
export class QaForgeLog implements vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;

  constructor() {
    this.channel = vscode.window.createOutputChannel('QA Forge', { log: true });
  }

  info(line: string): void { this.channel.info(redact(line)); }
  warn(line: string): void { this.channel.warn(redact(line)); }
  error(line: string): void { this.channel.error(redact(line)); }

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

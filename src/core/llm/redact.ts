/**
 * Keeps secrets out of messages: every error, log line and result that might echo a request passes through
 * here. Scrubs the exact key and any fragment of it that an endpoint might echo ("sk-abc1…wxyz").
 */

const MASK = '[redacted]';

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * `text` with every secret (4+ characters) masked, every 6+ character prefix or 4+ character suffix run of a
 * secret of 8+ characters too, and bearer tokens and `sk-` style keys whoever they belong to.
 */
export function scrubSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue;
    out = out.split(secret).join(MASK);
    if (secret.length < 8) continue;
    // Endpoints often echo a key partially ("Incorrect API key provided: sk-abc1****wxyz").
    const head = escape(secret.slice(0, 6));
    const tail = escape(secret.slice(-4));
    out = out.replace(new RegExp(`${head}[\\w*.\\-]*`, 'g'), MASK).replace(new RegExp(`[\\w*.\\-]*\\*+${tail}`, 'g'), MASK);
  }
  return out.replace(/(Bearer\s+)[\w.\-~+/]+=*/gi, `$1${MASK}`).replace(/\bsk-[A-Za-z0-9_-]{8,}/g, MASK);
}

/** An error whose message (and stack) no longer contain the secrets; keeps the name and known fields. */
export function scrubError<E>(error: E, secrets: ReadonlyArray<string | undefined>): E {
  if (!(error instanceof Error) || secrets.every((s) => !s)) return error;
  const message = scrubSecrets(error.message, secrets);
  if (message !== error.message) {
    try {
      error.message = message;
    } catch {
      // Frozen errors keep their message; their stack is still scrubbed below when writable.
    }
  }
  if (error.stack) {
    try {
      error.stack = scrubSecrets(error.stack, secrets);
    } catch {
      // ignore: stack not writable
    }
  }
  return error;
}

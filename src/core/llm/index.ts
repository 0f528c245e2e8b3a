/** The model layer's public surface: the port, the client factory, the transports' common path, estimates. */
export * from './port';
export { createLlm, defaultCacheDir, LlmConfigError, type LlmClient, type LlmConfig, type LlmProviderKind } from './factory';
export { createStructuredLlm, forgetLearnedFormats, learnedFormat, REPLY_FORMATS, type ChatTransport, type ReplyFormat,
  type StructuredLlmOptions, type TransportReply, type TransportRequest } from './transport';
export { InvalidReplyError, TransportError, isAbortError } from './errors';
export { estimateRun, type RunEstimate, type EstimateOptions } from './estimate';
export { KNOWN_PRICES, priceFor, costOf, isLocalEndpoint, type ModelPrice } from './prices';
export type { LlmStats } from './metering';
export { OfflineEngine } from './offline/engine';
export { scrubSecrets } from './redact';

/** The generation params of `qaforge generate`, from its flags: resolved by the core, a bad value named by its flag. */
import { InvalidParamsError, resolveParams, type GenerationParams } from '../../core/domain/params';
import type { PairKind, QueryLength, QueryStyle, Shares } from '../../core/domain/kinds';
import { CliError } from '../errors';

/** The flags that set a generation parameter (commander's camelCase names). */
export interface ParamFlags {
  numPairs?: number;
  questionTypes?: string[];
  difficulty?: string;
  answerLength?: string;
  splitter?: string;
  chunkSize?: number;
  statementsPerChunk?: number;
  threshold?: number;
  maxIterations?: number;
  breakpointPercentile?: number;
  guidelines?: string;
  exampleQuestion?: string;
  exampleAnswer?: string;
  dimensions?: Record<string, unknown>;
  kinds?: Shares<PairKind>;
  queryStyles?: Shares<QueryStyle>;
  queryLengths?: Shares<QueryLength>;
}

/** The flag of each distribution parameter (their syntax is checked by sharesOption, their range by resolveParams). */
const SHARE_FLAGS: Readonly<Record<string, string>> = { kinds: '--kinds', query_styles: '--query-styles', query_lengths: '--query-lengths' };

/**
 * The params of the flags over the defaults.
 * @throws CliError naming the flag when resolveParams refuses a distribution (a negative share, all shares 0);
 *   InvalidParamsError for the other fields, whose flags' parsers have checked their values already.
 */
export function paramsOfFlags(flags: ParamFlags): GenerationParams {
  try {
    return resolveParams({
      numPairs: flags.numPairs, questionTypes: flags.questionTypes, difficulty: flags.difficulty, answerLength: flags.answerLength,
      splitterType: flags.splitter, chunkSize: flags.chunkSize, statementsPerChunk: flags.statementsPerChunk,
      validationThreshold: flags.threshold, maxReflectionIterations: flags.maxIterations,
      breakpointPercentileThreshold: flags.breakpointPercentile, customGuidelines: flags.guidelines,
      exampleQuestion: flags.exampleQuestion, exampleAnswer: flags.exampleAnswer, dimensions: flags.dimensions,
      kinds: flags.kinds, queryStyles: flags.queryStyles, queryLengths: flags.queryLengths,
    });
  } catch (e) {
    const flag = e instanceof InvalidParamsError ? SHARE_FLAGS[e.field.split('.')[0]] : undefined;
    if (flag) throw new CliError(`${flag}: ${e instanceof Error ? e.message : String(e)}`);
    throw e;
  }
}

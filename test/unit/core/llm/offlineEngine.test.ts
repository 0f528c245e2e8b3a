import assert from 'node:assert/strict';
import Ajv from 'ajv';
import { OfflineEngine } from '../../../../src/core/llm/offline/engine';
import { type ExtractStatementsOutput, type GenerateAnswersOutput, type GenerateQuestionsOutput, type ReviseQuestionsOutput, type TaskId, type ValidatePairsOutput } from '../../../../src/core/domain/tasks';
import { TASK_SCHEMAS, taskSchema } from '../../../../src/core/domain/taskSchemas';
import { sentencesOf } from '../../../../src/core/llm/offline/text';
import { contentWords } from '../../../../src/core/llm/offline/text';
import { formOf, writeQuestion } from '../../../../src/core/llm/offline/questions';

const EN = `# Response cache
The response cache stores one JSON file per request under the cache folder. It is enabled by default.
Entries are written atomically, because a crashed run must be able to resume from the entries it already wrote.
A second run with unchanged inputs therefore makes zero model calls. The cache key is the sha256 of the endpoint, model, messages and schema.`;
const DE = `Der Zwischenspeicher ist ein Ordner mit einer JSON-Datei pro Anfrage. Einträge werden atomar geschrieben, weil ein abgebrochener Lauf fortgesetzt werden muss. Ein zweiter Lauf mit unveränderten Eingaben macht keine Modellaufrufe.`;
const FR = `Le cache est un dossier qui contient un fichier JSON par requête. Les entrées sont écrites de façon atomique, parce que une exécution interrompue doit pouvoir reprendre.`;

const engine = new OfflineEngine();
const ajv = new Ajv({ strict: false });

async function run<T>(task: TaskId, input: unknown): Promise<T> {
  const reply = await engine.chatJson<T>({ task, promptVersion: 'test', messages: [], schema: TASK_SCHEMAS[task], input });
  assert.equal(reply.cached, false);
  assert.equal(reply.costUsd, 0);
  // the request-bound schema: conversation extractions add turn, speaker and standing to the generic one
  const validate = ajv.compile(taskSchema(task, input as never));
  assert.ok(validate(reply.value), `${task} reply violates its schema: ${ajv.errorsText(validate.errors)}`);
  return reply.value;
}

async function pipeline(text: string, types = ['factual', 'conceptual']) {
  const chunk = { chunk_id: 'c1', text };
  const extracted = await run<ExtractStatementsOutput>('extract_statements', { chunks: [{ ...chunk, max_statements: 3 }] });
  const statements = extracted.chunks[0].statements.map((s, index) => ({ index, text: s.statement }));
  const questions = await run<GenerateQuestionsOutput>('generate_questions', {
    chunks: [{ ...chunk, statements, requests: types.map((t) => ({ question_type: t, count: 2 })) }],
    avoid_questions: [], difficulty: 'medium',
  });
  const evidence = [{ evidence_id: 'e1', text, statements: statements.map((s) => ({ ...s, quote: extracted.chunks[0].statements[s.index].quote })) }];
  const answers = await run<GenerateAnswersOutput>('generate_answers', {
    evidence,
    questions: questions.questions.map((q, i) => ({ question_id: `q${i}`, evidence_id: 'e1', question: q.question })),
    answer_length: { name: 'short', max_sentences: 2 },
  });
  const verdicts = await run<ValidatePairsOutput>('validate_pairs', {
    threshold: 0.7, evidence,
    pairs: answers.answers.map((a, i) => ({ pair_id: `p${i}`, evidence_id: 'e1', question: questions.questions[i].question, answer: a.answer })),
  });
  return { extracted, statements, questions, answers, verdicts };
}

describe('offline engine', () => {
  it('is labelled as what it is', () => {
    assert.equal(engine.provider, 'offline');
    assert.equal(engine.model, 'heuristic-v1');
  });

  it('extracts informative sentences whose quotes are verbatim in the chunk', async () => {
    const { extracted } = await pipeline(EN);
    const statements = extracted.chunks[0].statements;
    assert.equal(statements.length, 3);
    for (const s of statements) assert.ok(EN.includes(s.quote), `quote not verbatim: ${s.quote}`);
    assert.ok(!statements.some((s) => s.quote === '# Response cache'), 'a heading is not a statement');
    assert.ok(!statements.some((s) => s.quote.startsWith('It is')), 'a dangling short sentence ranks low');
  });

  it('produces the requested number of distinct questions, answered from the source and scored as grounded', async () => {
    const { questions, answers, verdicts } = await pipeline(EN);
    assert.equal(questions.questions.length, 4);
    assert.equal(new Set(questions.questions.map((q) => q.question)).size, 4);
    const sourceWords = new Set(contentWords(EN));
    for (const a of answers.answers) {
      assert.ok(contentWords(a.answer).every((w) => sourceWords.has(w)), `answer not from the source: ${a.answer}`);
    }
    for (const v of verdicts.verdicts) assert.equal(v.grounded, 1);
    assert.ok(verdicts.verdicts.every((v) => (v.grounded + v.complete + v.relevant + v.clear + v.standalone) / 5 >= 0.7));
  });

  it('writes questions in the source language (German, French)', async () => {
    const de = await pipeline(DE);
    assert.ok(de.questions.questions.some((q) => /^(Was|Warum|Aus welchem Grund|Wie|Ergänzen)/.test(q.question)), JSON.stringify(de.questions));
    const fr = await pipeline(FR);
    assert.ok(fr.questions.questions.every((q) => /^(Qu'est-ce|Que |Pourquoi|Comment|À quoi sert|Complétez)/.test(q.question)), JSON.stringify(fr.questions));
  });

  it('does not repeat questions it was told to avoid', async () => {
    const first = await pipeline(EN, ['factual']);
    const chunk = { chunk_id: 'c1', text: EN, statements: first.statements, requests: [{ question_type: 'factual', count: 2 }] };
    const again = await run<GenerateQuestionsOutput>('generate_questions', {
      chunks: [chunk], avoid_questions: first.questions.questions.map((q) => q.question),
      difficulty: 'medium',
    });
    for (const q of again.questions) assert.ok(!first.questions.questions.some((f) => f.question === q.question));
  });

  it('scores a pair with an unsupported answer and a dangling question low, with a critique of each side and a revise verdict', async () => {
    const verdicts = await run<ValidatePairsOutput>('validate_pairs', {
      threshold: 0.7, evidence: [{ evidence_id: 'e1', text: EN, statements: [] }],
      pairs: [{ pair_id: 'bad', evidence_id: 'e1', question: 'It?', answer: 'Bananas grow on volcanic islands near Tahiti' }],
    });
    const v = verdicts.verdicts[0];
    assert.ok(v.grounded < 0.3);
    assert.ok(v.clear < 0.7 && v.standalone < 1);
    assert.match(v.answer_critique, /evidence does not support/);
    assert.match(v.question_critique, /not phrased as a question|pronoun/);
    assert.equal(v.verdict, 'revise_answer', 'grounded is the weakest criterion: the answer is revised');
  });

  it('keeps a good pair and drops one whose evidence is too thin to ask about', async () => {
    const good = await run<ValidatePairsOutput>('validate_pairs', {
      threshold: 0.7, evidence: [{ evidence_id: 'e1', text: 'Claims must be filed online within 30 days of the fault.', statements: [] }],
      pairs: [{ pair_id: 'ok', evidence_id: 'e1', question: 'Within how many days must a claim be filed online?', answer: 'Claims must be filed online within 30 days of the fault.' }],
    });
    assert.equal(good.verdicts[0].verdict, 'keep');
    assert.deepEqual([good.verdicts[0].question_critique, good.verdicts[0].answer_critique], ['', '']);
    const thin = await run<ValidatePairsOutput>('validate_pairs', {
      threshold: 0.7, evidence: [{ evidence_id: 'e1', text: 'See below.', statements: [] }],
      pairs: [{ pair_id: 'thin', evidence_id: 'e1', question: 'What does the page say below?', answer: 'See below.' }],
    });
    assert.equal(thin.verdicts[0].verdict, 'drop');
    assert.match(thin.verdicts[0].question_critique, /too thin/);
  });

  it('revises a question into a different one grounded in another statement', async () => {
    const { statements, questions } = await pipeline(EN);
    const q = questions.questions[0];
    const revised = await run<ReviseQuestionsOutput>('revise_questions', {
      evidence: [{ evidence_id: 'e1', text: EN, statements: statements.map((s) => ({ ...s, quote: s.text })) }],
      pairs: [{ pair_id: 'p0', evidence_id: 'e1', question_type: q.question_type, question: q.question, score: 0.4, question_critique: 'vague' }],
      difficulty: 'medium',
    });
    assert.equal(revised.revisions.length, 1);
    assert.notEqual(revised.revisions[0].question, q.question);
  });

  it('splits sentences at exact offsets, keeping abbreviations together', () => {
    const text = 'Dr. Smith released v1.2 in 2024.\n\n- A list item\nNext line.';
    for (const s of sentencesOf(text)) assert.equal(text.slice(s.start, s.start + s.text.length), s.text);
    assert.equal(sentencesOf(text)[0].text, 'Dr. Smith released v1.2 in 2024.');
  });

  it('keeps a sentence whole across a hard line wrap', () => {
    const text = 'The Kestrel K2 is a smart thermostat for homes with a gas boiler, a heat pump or electric underfloor\nheating. It needs Wi-Fi.';
    const sentences = sentencesOf(text);
    assert.deepEqual(sentences.map((s) => s.text), [
      'The Kestrel K2 is a smart thermostat for homes with a gas boiler, a heat pump or electric underfloor\nheating.',
      'It needs Wi-Fi.',
    ]);
    for (const s of sentences) assert.equal(text.slice(s.start, s.start + s.text.length), s.text);
  });

  it('takes no heading as a statement, and leaves no stray emphasis or speaker label in statements and answers', async () => {
    const md = ['# Kestrel K2: getting started', '',
      '**E1 — no Wi-Fi.** The thermostat lost its Wi-Fi connection. It keeps following its last schedule offline for up to 7 days.', '',
      '**E2 — boiler not responding.** The relay did not see the boiler switch on within 10 minutes.'].join('\n');
    const chat = 'user: How do I claim the warranty on my thermostat?\n\nassistant: In the Kestrel Home app go to Settings and attach a photo of the serial number.';
    for (const text of [md, chat]) {
      const { statements, answers } = await pipeline(text);
      assert.ok(statements.length > 0);
      for (const t of [...statements.map((s) => s.text), ...answers.answers.map((a) => a.answer)]) {
        assert.doesNotMatch(t, /^(#|\*|user:|assistant:)|\*\*/, t);
      }
      assert.ok(!statements.some((s) => /getting started/.test(s.text)), 'the heading is not a statement');
    }
  });

  it('English topic questions never say "the text" and keep the form they were asked in', () => {
    const statement = 'You can return an unused K2 within 30 days of delivery for a full refund.';
    for (const form of ['what_about', 'why'] as const) {
      const q = writeQuestion(statement, form, 'en') ?? '';
      assert.doesNotMatch(q, /\bthe text\b/, q);
      assert.equal(formOf(q), form);
    }
    // "How does X work?" only for what the statement is about: here "an unused K2" is only mentioned
    assert.equal(writeQuestion(statement, 'how', 'en'), undefined);
    assert.equal(formOf(writeQuestion('The K2 measures the room temperature every 30 seconds.', 'how', 'en') ?? ''), 'how');
  });

  it('knows the language from the statements when a chunk or body has no text (questions, revisions)', async () => {
    const statements = sentencesOf(DE).map((s, index) => ({ index, text: s.text }));
    const asked = await run<GenerateQuestionsOutput>('generate_questions', {
      chunks: [{ chunk_id: 'c1', text: '', statements, requests: [{ question_type: 'conceptual', count: 3 }] }],
      avoid_questions: [], difficulty: 'medium',
    });
    assert.equal(asked.questions.length, 3);
    for (const q of asked.questions) assert.match(q.question, /^(Was|Warum|Aus welchem Grund|Wie|Welche)\b/, q.question);
    const revised = await run<ReviseQuestionsOutput>('revise_questions', {
      evidence: [{ evidence_id: 'e1', text: '', statements: statements.map((s) => ({ ...s, quote: s.text })) }],
      pairs: [{ pair_id: 'p1', evidence_id: 'e1', question_type: 'factual', question: asked.questions[0].question, score: 0.3, question_critique: 'vague' }],
      difficulty: 'medium',
    });
    assert.match(revised.revisions[0].question, /^(Was|Warum|Aus welchem Grund|Wie|Welche)\b/, revised.revisions[0].question);
  });

  it('English questions lower-case an ordinary word that opened the statement, and keep names as written', () => {
    assert.equal(writeQuestion('Entries are written atomically, because a crashed run must resume.', 'why', 'en'), 'Why is it that entries are written atomically?');
    assert.equal(writeQuestion('Firmware updates install automatically every night.', 'how', 'en'), 'How do firmware updates work?');
    assert.equal(writeQuestion('Claims must be filed online within 30 days of the fault.', 'what_about', 'en'), 'What should I know about claims?');
    // names: an inner capital, a two-word name, a word the source capitalises in mid-sentence
    assert.equal(writeQuestion('OpenAI models are priced per token, because tokens are what the model reads.', 'why', 'en'), 'Why is it that OpenAI models are priced per token?');
    assert.equal(writeQuestion('Kestrel K2 is a small router for home offices.', 'what_is', 'en'), 'What is Kestrel K2?');
    assert.equal(writeQuestion('Aurora supports WPA3 encryption, because older modes are unsafe.', 'why', 'en', 'The settings of Aurora are in the app.'),
      'Why is it that Aurora supports WPA3 encryption?');
    // a statement that leans on a pronoun leaves no topic worth asking about
    assert.equal(writeQuestion('It is enabled by default.', 'how', 'en'), undefined);
  });

  it('German topic questions name a noun with the article in the accusative', () => {
    assert.equal(writeQuestion('Der Lüfter läuft erst über 60 °C an.', 'how', 'de'), 'Was ist über den Lüfter bekannt?');
    assert.equal(writeQuestion('Der Zwischenspeicher ist ein Ordner mit einer JSON-Datei pro Anfrage.', 'what_about', 'de'), 'Was muss man über den Zwischenspeicher wissen?');
    assert.equal(writeQuestion('Der Lüfter läuft erst über 60 °C an.', 'why', 'de'), 'Warum braucht man den Lüfter?');
    assert.equal(writeQuestion('Die Kestrel K2 wiegt 1,2 kg und wird mit einem USB-C-Netzteil geliefert.', 'why', 'de')?.includes('geliefert'), false);
  });

  it('refuses an unknown task with a clear message', async () => {
    await assert.rejects(engine.chatJson({ task: 'summarise', promptVersion: 'x', messages: [], schema: {}, input: {} }), /no handler for task "summarise"/);
  });
});

describe('offline engine: answers and topics from conversational, hard-wrapped text', () => {
  it('writes answers without the source line wraps and never asks about "yes"', async () => {
    const { OfflineEngine } = await import('../../../../src/core/llm/offline/engine');
    const { QAWorkflowGraph } = await import('../../../../src/core/pipeline/workflow');
    const text = 'Yes. Without Wi-Fi the thermostat shows E1 but keeps following its last schedule\nfor up to 7 days.\n\nThe K2 measures the room temperature every 30 seconds and learns how long\nyour home takes to warm up.';
    const result = await new QAWorkflowGraph({ llm: new OfflineEngine() }).runFromDocuments(text, { num_pairs: 2, splitter_type: 'sentence' });
    assert.ok(result.qaPairs.length > 0);
    for (const pair of result.qaPairs) {
      assert.ok(!pair.answer.includes('\n'), `answer keeps a line wrap: ${JSON.stringify(pair.answer)}`);
      assert.ok(!/\byes\b/i.test(pair.question), `question about "yes": ${pair.question}`);
    }
  });
});

describe('offline engine: conversations', () => {
  it('states what a turn says without its "[turn N] role:" label, so a role is never a statement or a question topic', async () => {
    const text = '[turn 1] user: My Kestrel K2 shows E2 every morning.\n\n[turn 2] assistant: E2 means the thermostat did not see the boiler start within 10 minutes.';
    const out = await run<ExtractStatementsOutput>('extract_statements', { material: 'conversation', chunks: [{ chunk_id: 'c1', text, max_statements: 5 }] });
    const statements = out.chunks[0].statements;
    assert.ok(statements.length >= 1);
    for (const s of statements) {
      assert.doesNotMatch(s.statement, /\[turn|^(user|assistant):/, s.statement);
      assert.ok(text.includes(s.quote), 'the quote is still verbatim');
      assert.doesNotMatch(s.quote, /^\[turn/);
    }
    assert.ok(statements.some((s) => s.statement.startsWith('E2 means the thermostat')));
  });
});

describe('offline engine: what a conversation established', () => {
  const text = [
    '[turn 1] user: My Kestrel K2 shows E2 every morning. What does E2 mean?',
    '[turn 2] assistant: I think E2 means the batteries are low. Replace the two AA batteries in the wall plate.',
    '[turn 3] user: That didn\'t work, the display still shows E2 after new batteries.',
    '[turn 4] assistant: Sorry, I was wrong: E2 means the boiler did not start within 10 minutes of the relay switching. Set the boiler timer to constant.',
    '[turn 5] user: Setting the timer to constant fixed it, E2 is gone.',
  ].join('\n\n');
  const extract = async (material?: 'conversation') => (await run<ExtractStatementsOutput>('extract_statements', { ...(material ? { material } : {}), chunks: [{ chunk_id: 'c1', text, max_statements: 6 }] })).chunks[0].statements;

  it('attributes every statement to the turn and speaker its verbatim quote comes from', async () => {
    const statements = await extract('conversation');
    assert.ok(statements.length >= 2, JSON.stringify(statements));
    for (const s of statements) {
      const turn = text.split('\n\n').find((t) => t.startsWith(`[turn ${s.turn}] ${s.speaker}: `));
      assert.ok(turn?.includes(s.quote), `"${s.quote}" is in turn ${s.turn} (${s.speaker})`);
      assert.equal(s.standing, 'established');
    }
    assert.ok(statements.some((s) => s.turn === 4 && s.quote.startsWith('E2 means the boiler did not start')), 'the correction, without its "Sorry, I was wrong:" opening');
  });

  it('never states the agent claim the user said did not work, a hedged claim, or a question', async () => {
    const statements = await extract('conversation');
    assert.ok(!statements.some((s) => s.turn === 2), `turn 2 was contradicted: ${JSON.stringify(statements.filter((s) => s.turn === 2))}`);
    assert.ok(!statements.some((s) => /batteries are low|\?$/.test(s.quote)));
    assert.ok(!statements.some((s) => /I was wrong/.test(s.statement)));
  });

  it('reads a German ticket the same way', async () => {
    const de = [
      '[turn 1] user: Mein K2 zeigt nach jedem Neustart den Fehler E3.',
      '[turn 2] assistant: Vielleicht ist das WLAN gestört.',
      '[turn 3] user: Das WLAN ist in Ordnung, das hat nicht geholfen.',
      '[turn 4] assistant: E3 nach einem Neustart bedeutet, dass der Temperaturfühler defekt ist. Der K2 hat drei Jahre Garantie ab Lieferung.',
    ].join('\n\n');
    const out = await run<ExtractStatementsOutput>('extract_statements', { material: 'conversation', chunks: [{ chunk_id: 'c1', text: de, max_statements: 5 }] });
    const turns = out.chunks[0].statements.map((s) => s.turn);
    assert.ok(turns.includes(4), JSON.stringify(out));
    assert.ok(!turns.includes(2), 'the hedged and failed advice is left out');
  });
});

describe('offline engine: the validator flags answers the conversation took back', () => {
  const text = [
    '[turn 1] user: My Kestrel K2 shows E2 every morning.',
    '[turn 2] assistant: E2 means the batteries in the wall plate are low. Replace the two AA batteries.',
    '[turn 3] user: That didn\'t work, it still shows E2.',
    '[turn 4] assistant: I think the boiler might not start in time. E2 means the boiler did not start within 10 minutes of the relay switching.',
    '[turn 5] assistant: The E2 code clears itself after the next successful heating cycle.',
  ].join('\n\n');
  const standing = async (answer: string) => (await run<ValidatePairsOutput>('validate_pairs', {
    material: 'conversation', threshold: 0.7, evidence: [{ evidence_id: 'e1', text, statements: [] }],
    pairs: [{ pair_id: 'p1', evidence_id: 'e1', question: 'What does error E2 mean on a Kestrel K2 thermostat?', answer }],
  })).verdicts[0].agent_standing;

  it('contradicted, unsure or established, from the turn the answer repeats', async () => {
    assert.equal(await standing('E2 means the batteries in the wall plate are low.'), 'contradicted');
    assert.equal(await standing('E2 means the boiler did not start within 10 minutes of the relay switching.'), 'unsure');
    assert.equal(await standing('The E2 code clears itself after the next successful heating cycle.'), 'established');
  });
});

describe('offline engine: conversation questions stand alone', () => {
  it('name the product of the conversation\'s title line when the question does not', async () => {
    const statements = [{ index: 0, text: 'E2 means the boiler did not start within 10 minutes of the relay switching.', turn: 2, speaker: 'assistant' }];
    const ask = async (heading_path: string, material?: 'conversation') => (await run<GenerateQuestionsOutput>('generate_questions', {
      ...(material ? { material } : {}), difficulty: 'medium', avoid_questions: [],
      chunks: [{ chunk_id: 'c1', heading_path, text: '', statements, requests: [{ question_type: 'factual', count: 1 }] }],
    })).questions.map((q) => q.question);
    const named = await ask("Conversation 'ticket-1' (product: Kestrel K2)", 'conversation');
    assert.ok(named.length === 1 && named[0].startsWith('Kestrel K2: '), named.join());
    assert.ok(!(await ask("Conversation 'ticket-1' (product: Kestrel K2)"))[0]?.startsWith('Kestrel K2:'), 'documentation questions are left as they are');
  });
});

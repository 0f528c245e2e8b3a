/**
 * The offline engine's English questions read as a person would ask them: topics are whole noun phrases, never
 * "the text"; its judge fails `clear` for a question about a phrase cut short; answers keep text verbatim.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OfflineEngine } from '../../../../src/core/llm/offline/engine';
import { endsInFragment, nounPhrases } from '../../../../src/core/llm/offline/phrases';
import { opensGermanPhrase } from '../../../../src/core/llm/offline/germanTopics';
import { clozeOf, keyPhrase, writeQuestion } from '../../../../src/core/llm/offline/questions';
import { scorePair } from '../../../../src/core/llm/offline/scoring';
import { withoutMarkup } from '../../../../src/core/llm/offline/text';
import { documentFromText } from '../../../../src/core/ingest/document';
import { QAWorkflowGraph } from '../../../../src/core/pipeline/workflow';

const EXAMPLES = path.join(__dirname, '../../../../examples/docs');

describe('offline engine: questions a person would ask', () => {
  it('takes whole noun phrases, across a soft line wrap, never one cut mid-phrase', () => {
    const phrases = nounPhrases('The Kestrel K2 is a smart thermostat for homes with a gas boiler, a heat pump or electric underfloor\nheating.').map((p) => p.text);
    assert.ok(phrases.includes('electric underfloor heating'), JSON.stringify(phrases));
    assert.ok(!phrases.includes('electric underfloor'), JSON.stringify(phrases));
    const measured = nounPhrases('It measures the room temperature every 30 seconds and learns how long your home takes to warm up.').map((p) => p.text);
    assert.ok(measured.includes('the room temperature'), JSON.stringify(measured));
    assert.ok(!measured.some((p) => /every|seconds|your/.test(p)), JSON.stringify(measured));
  });

  it('asks about the subject and its verb when the statement has that shape', () => {
    const s = 'The K2 measures the room temperature every 30 seconds.';
    assert.equal(writeQuestion(s, 'what_about', 'en'), 'What does the K2 measure?');
    assert.equal(writeQuestion(s, 'how', 'en'), 'How does the K2 measure the room temperature?');
    assert.equal(writeQuestion('Mount the K2 on an inside wall with the magnetic wall plate.', 'why', 'en'), 'Why does the magnetic wall plate matter?');
  });

  it('never writes "the text" nor a topic ending in a dangling word, on the project\'s own examples', async () => {
    const docs = fs.readdirSync(EXAMPLES).map((name) => documentFromText(`docs/${name}`, fs.readFileSync(path.join(EXAMPLES, name), 'utf8'), name.endsWith('.md') ? 'markdown' : 'text'));
    const r = await new QAWorkflowGraph({ llm: new OfflineEngine() }).runFromDocuments(docs, { num_pairs: 16 });
    assert.equal(r.status, 'completed', JSON.stringify(r.errors));
    assert.ok(r.qaPairs.length >= 12, `only ${r.qaPairs.length} pairs`);
    for (const p of r.qaPairs) {
      assert.doesNotMatch(p.question, /\b(the text|der Text|le texte|el texto)\b/i, p.question);
      assert.doesNotMatch(p.question, /\b(every|each|any|off|up|with|of|the|a|an)\?$/i, p.question);
    }
  });

  it('its judge fails `clear` for a question about a fragment, and passes the whole phrase', () => {
    const chunk = 'Mount the K2 with the magnetic wall plate. Works with electric underfloor heating. The K2 measures the room temperature every 30 seconds.';
    const answer = 'The K2 measures the room temperature every 30 seconds.';
    for (const broken of ['How does the text describe temperature every?', 'Why does the text mention magnetic wall?', 'What does the text say about electric underfloor?']) {
      assert.ok(endsInFragment(broken, chunk), broken);
      const v = scorePair('p1', broken, answer, chunk);
      assert.ok(v.clear < 0.7, `${broken}: clear ${v.clear}`);
      assert.match(v.question_critique, /phrase cut short/);
      assert.notEqual(v.verdict, 'keep', `${broken}: a broken question is not kept`);
    }
    for (const whole of ['What should I know about the magnetic wall plate?', 'What does the K2 measure?', 'How does electric underfloor heating work?']) {
      assert.equal(endsInFragment(whole, chunk), false, whole);
      assert.equal(scorePair('p1', whole, answer, chunk).clear, 1, whole);
    }
  });
});

describe('offline engine: cloze and German questions are never cut mid-phrase', () => {
  it('a cloze blanks a whole number, never part of it, and never a digit inside a name', () => {
    assert.equal(clozeOf('Mount the wall plate 1.5 metres above the floor'), 'Mount the wall plate _____ metres above the floor');
    assert.equal(clozeOf('It was set to a timer that starts at 07:00'), 'It was set to a timer that starts at _____');
    assert.equal(clozeOf('The K2 needs a signal of at least −75 dBm'), 'The K2 needs a signal of at least _____ dBm');
    assert.equal(clozeOf('If E3 returns after a restart, contact support'), 'If E3 _____ after a restart, contact support');
  });

  it('a German topic opens its phrase: after an article, as a name or after punctuation, never after a number, adjective or bare preposition', () => {
    const mount = 'Montieren Sie die Wandplatte in 1,5 Metern Höhe, nicht über einem Heizkörper und nicht in direktem Sonnenlicht.';
    const heats = 'Ab Werk heizt der K2 von 06:30 bis 22:30 Uhr auf 20 °C und nachts auf 17 °C.';
    const intro = 'Der Kestrel K2 ist ein smartes Thermostat für Gasthermen, Wärmepumpen und elektrische Fußbodenheizungen.';
    assert.equal(opensGermanPhrase('Metern Höhe', mount), false);
    assert.equal(opensGermanPhrase('Werk', heats), false);
    assert.equal(opensGermanPhrase('Fußbodenheizungen', intro), false);
    assert.equal(opensGermanPhrase('Wärmepumpen', intro), true);
    assert.equal(opensGermanPhrase('den Drehregler', 'Halten Sie den Drehregler 5 Sekunden lang gedrückt.'), true);
    assert.equal(opensGermanPhrase('Kestrel K2', intro), true);
    for (const [sentence, cut] of [[mount, /Metern|Höhe|einem/], [heats, /Werk/], [intro, /Fußbodenheizungen/]] as const) {
      const key = keyPhrase(sentence, 'de');
      assert.ok(key === undefined || !cut.test(key), `${sentence} → ${key}`);
    }
    assert.equal(writeQuestion(heats, 'why', 'de'), undefined, 'no topic question where no noun opens a phrase but the name');
  });

  it('a German topic is never a bare word: not after dem/des (no accusative to give it), not the capital that opens a sentence', () => {
    const off = 'Nach dem Ausschalten des Sommermodus heizt der K2 wieder nach Zeitplan.';
    assert.equal(keyPhrase(off, 'de'), undefined, 'neither "Ausschalten" nor "Sommermodus" without their article');
    assert.equal(writeQuestion(off, 'why', 'de'), undefined);
    assert.equal(keyPhrase('Montieren Sie die Wandplatte neben der Tür.', 'de'), 'die Wandplatte');
    assert.equal(keyPhrase('Dann schaltet der Nutzer die Heizung ein.', 'de'), 'die Heizung', 'an opening adverb is no topic');
    assert.equal(keyPhrase('Einträge werden atomar geschrieben.', 'de'), 'Einträge', 'a noun that opens the sentence still is one');
    assert.equal(writeQuestion('Halten Sie den Drehregler 5 Sekunden lang gedrückt.', 'why', 'de'), 'Warum braucht man den Drehregler?');
  });

  it('its judge fails `clear` for a German question about a cut-out phrase, and passes a whole one', () => {
    const chunk = 'Montieren Sie die Wandplatte in 1,5 Metern Höhe. Ab Werk heizt der K2 auf 20 °C. Halten Sie den Drehregler 5 Sekunden lang gedrückt.';
    const answer = 'Ab Werk heizt der K2 auf 20 °C.';
    for (const broken of ['Warum braucht man Metern Höhe?', 'Was ist über Werk bekannt?']) {
      const v = scorePair('p1', broken, answer, chunk);
      assert.ok(v.clear < 0.7, `${broken}: clear ${v.clear}`);
      assert.notEqual(v.verdict, 'keep', broken);
    }
    assert.equal(scorePair('p1', 'Warum braucht man den Drehregler?', answer, chunk).clear, 1);
  });
});

describe('offline engine: answers keep text verbatim', () => {
  it('keeps underscores inside identifiers while removing emphasis markers', () => {
    assert.equal(withoutMarkup('Set `max_tokens` to 512 for the model_worker process.'), 'Set max_tokens to 512 for the model_worker process.');
    assert.equal(withoutMarkup('The env var QA_FORGE_KEY and top_p stay.'), 'The env var QA_FORGE_KEY and top_p stay.');
    assert.equal(withoutMarkup('Use _emphasis_ and **strong** text.'), 'Use emphasis and strong text.');
    assert.equal(withoutMarkup('** The display shows E1.'), 'The display shows E1.');
  });

  it('an answer quotes model_worker and max_tokens as the context does', async () => {
    const text = 'The model_worker process reads max_tokens from the config file at start-up. It restarts when the file changes.';
    const r = await new QAWorkflowGraph({ llm: new OfflineEngine() }).runFromDocuments([documentFromText('docs/w.md', text, 'markdown')], { num_pairs: 2, splitter_type: 'sentence' });
    assert.ok(r.qaPairs.length > 0);
    const withIds = r.qaPairs.filter((p) => p.contexts.some((c) => c.includes('model_worker')));
    assert.ok(withIds.length > 0);
    for (const p of withIds) {
      if (/model.?worker/.test(p.answer)) assert.match(p.answer, /model_worker/, p.answer);
      if (/max.?tokens/.test(p.answer)) assert.match(p.answer, /max_tokens/, p.answer);
      assert.doesNotMatch(p.answer, /modelworker|maxtokens/, p.answer);
    }
  });
});

describe('offline engine: an instruction or a condition is no topic', () => {
  it('"…, contact support: …" is an imperative clause, "under warranty" a condition', () => {
    const phrases = nounPhrases('If E3 returns after a restart, contact support: the sensor must be replaced under warranty.').map((p) => p.text);
    assert.ok(!phrases.some((p) => /contact|under/.test(p)), JSON.stringify(phrases));
    assert.ok(phrases.includes('the sensor'), JSON.stringify(phrases));
    // a noun phrase after a comma with its article is still one
    assert.ok(nounPhrases('After a restart, the heat pump runs again.').map((p) => p.text).includes('the heat pump'));
  });
});

describe('offline engine: a verb the tagger took for a plural noun ends the phrase', () => {
  it('"a factory reset deletes your schedules" is about "a factory reset", "the flat stays cold" about "the flat"', () => {
    const reset = nounPhrases('A factory reset deletes your schedules and Wi-Fi settings.').map((p) => p.text);
    assert.ok(reset.includes('A factory reset'), JSON.stringify(reset));
    assert.ok(!reset.some((p) => /deletes/.test(p)), JSON.stringify(reset));
    const flat = nounPhrases('Hi, my Kestrel K2 shows E2 every morning and the flat stays cold.').map((p) => p.text);
    assert.ok(!flat.some((p) => /stays/.test(p)), JSON.stringify(flat));
  });
});

/** InitializeWorkflow, ProcessDocuments and ProcessSessions: from the given input to the documents to chunk. */
import type { GraphNode } from '../../graph/types';
import { sessionToDocument } from '../../ingest/sessions/render';
import type { PipelineState } from '../state';
import { EDGE, NODE } from './ids';

/** Routes the run by its input kind. Counts: in = out = the inputs given (documents or sessions). */
export const initializeWorkflow: GraphNode<PipelineState> = {
  id: NODE.initialize,
  label: 'Validate inputs and choose the document or session path',
  next: [{ to: NODE.processDocuments, label: EDGE.documents }, { to: NODE.processSessions, label: EDGE.sessions }],
  async run(state) {
    const input = state.input;
    const count = input.kind === 'documents' ? input.documents.length : input.sessions.length;
    return { next: input.kind === 'documents' ? NODE.processDocuments : NODE.processSessions, counts: { in: count, out: count } };
  },
};

/**
 * Keeps the documents that have text; an empty document is reported, not an error that stops the run.
 * Counts: in = documents given, out = those with text, dropped = the empty ones.
 */
export const processDocuments: GraphNode<PipelineState> = {
  id: NODE.processDocuments,
  label: 'Take the documents as they are (no text is cleaned or stripped)',
  next: [{ to: NODE.chunk }],
  async run(state) {
    const docs = state.input.kind === 'documents' ? state.input.documents : [];
    // every document keeps its input index (chunk.docIndex); empty ones are reported and never chunked
    state.documents.push(...docs);
    let empty = 0;
    for (const doc of docs) {
      if (doc.text.trim() !== '') continue;
      empty++;
      state.errors.push({ node: NODE.processDocuments, subject: doc.path, message: `${doc.path} is empty: no text to generate questions from; add content or leave it out` });
    }
    return { next: NODE.chunk, counts: { in: docs.length, out: docs.length - empty, dropped: empty } };
  },
};

/**
 * Renders each session as a document of `[turn N] role: content` lines with its message ranges, titled with its
 * id and metadata.
 * Counts: in = sessions given, out = those with message text, dropped = the empty ones.
 */
export const processSessions: GraphNode<PipelineState> = {
  id: NODE.processSessions,
  label: 'Render conversation sessions as documents',
  next: [{ to: NODE.chunk }],
  async run(state) {
    const sessions = state.input.kind === 'sessions' ? state.input.sessions : [];
    let empty = 0;
    for (const session of sessions) {
      // the session's metadata (topic, channel, …) reaches the model in every chunk's heading path (the title)
      const doc = sessionToDocument(session);
      state.documents.push(doc);
      if (session.messages.some((m) => m.content.trim() !== '')) continue;
      empty++;
      state.errors.push({ node: NODE.processSessions, subject: `${session.file}#${session.id}`, message: `session ${session.id} of ${session.file} has no message text to generate questions from` });
    }
    return { next: NODE.chunk, counts: { in: sessions.length, out: sessions.length - empty, dropped: empty } };
  },
};

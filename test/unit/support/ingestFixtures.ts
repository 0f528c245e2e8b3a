/**
 * Builds the mixed ingest fixture tree in a temp folder at test time (binary files, a symlink loop and a
 * .gitignored file are awkward to keep in git). Small pdf and docx files are generated here too.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import JSZip from 'jszip';

/** A minimal valid PDF, one page per entry, each line drawn with Helvetica (ASCII text only). */
export function makePdf(pages: string[][]): Buffer {
  const objects: string[] = [];
  const pageIds: number[] = [];
  // 1: catalog, 2: pages, 3: font, then page/content pairs
  const escape = (s: string): string => s.replace(/[\\()]/g, (c) => `\\${c}`);
  pages.forEach((lines, i) => {
    const pageId = 4 + i * 2;
    pageIds.push(pageId);
    const ops = lines.map((line, j) => `${j === 0 ? '72 720 Td' : '0 -18 Td'} (${escape(line)}) Tj`).join('\n');
    const stream = `BT /F1 12 Tf\n${ops}\nET`;
    objects[pageId] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${pageId + 1} 0 R >>`;
    objects[pageId + 1] = `<< /Length ${Buffer.byteLength(stream)} >>\nstream\n${stream}\nendstream`;
  });
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`;
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = Buffer.byteLength(body);
    body += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xref = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id++) body += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** A minimal .docx with one paragraph per entry. */
export async function makeDocx(paragraphs: string[]): Promise<Buffer> {
  const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const zip = new JSZip();
  zip.file('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>');
  zip.file('_rels/.rels', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>');
  zip.file('word/document.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${paragraphs.map((p) => `<w:p><w:r><w:t xml:space="preserve">${esc(p)}</w:t></w:r></w:p>`).join('')}</w:body></w:document>`);
  return zip.generateAsync({ type: 'nodebuffer' });
}

/** A notebook with a markdown and a code cell (pretty-printed like Jupyter does). */
export function makeNotebook(): string {
  return JSON.stringify({
    cells: [
      { cell_type: 'markdown', metadata: {}, source: ['# Data loading\n', '\n', 'The loader reads **CSV** files lazily.\n', 'Quotes "like this" are escaped in JSON.'] },
      { cell_type: 'code', execution_count: 1, metadata: {}, outputs: [{ output_type: 'stream', name: 'stdout', text: ['source\n'] }], source: ['import pandas as pd\n', 'df = pd.read_csv("data.csv")'] },
      { cell_type: 'raw', metadata: {}, source: ['raw cells are left out'] },
    ],
    metadata: { kernelspec: { language: 'python', name: 'python3' } },
    nbformat: 4,
    nbformat_minor: 5,
  }, null, 1);
}

/** English prose used across the fixture files. */
export const PROSE_EN = 'The ingest stage reads every supported file. It keeps the exact offsets of each chunk. Provenance lets a reviewer open the source lines.';
const PROSE_DE = 'Die Katze sitzt auf der Matte. Größere Dateien werden übersprungen. Jede Änderung wird geprüft.';
const PROSE_JA = '私たちはデータセットを作ります。各チャンクは元の行に戻れます。日本語の文もそのまま残ります。';

/** The paragraphs of docs/brief.docx. */
export const DOCX_PARAGRAPHS = ['Project brief heading', PROSE_EN, 'Closing paragraph.'];

/** What the fixture tree holds, for the assertions. */
export interface FixtureTree {
  root: string;
  cleanup(): void;
}

/** Writes the mixed tree; `cleanup` removes it. */
export async function makeFixtureTree(): Promise<FixtureTree> {
  const root = mkdtempSync(join(tmpdir(), 'qaforge-ingest-'));
  const put = (rel: string, data: string | Buffer): void => {
    const file = join(root, rel);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, data);
  };
  put('.gitignore', 'generated/\n*.tmp.md\n');
  put('docs/guide.md', `\ufeff# Guide\n\n${PROSE_EN}\n\n## Install\n\n\`\`\`sh\nnpm install qaforge\n\`\`\`\n\n${PROSE_EN.repeat(3)}\n`);
  put('docs/notes.txt', `${PROSE_EN}\r\nWindows line endings stay as they are.\r\n`);
  put('docs/manual.rst', `Manual\n======\n\n${PROSE_EN}\n\n.. note:: Keep it short.\n`);
  put('docs/spec.adoc', `= Spec\n\n== Scope\n\n${PROSE_EN}\n`);
  put('docs/page.html', `<!doctype html><html><head><title>Page &amp; more</title><style>body{color:red}</style></head>\n<body>\n<h1>Welcome</h1>\n<p>${PROSE_EN} Caf&eacute; &lt;menu&gt; &#x2014; open.</p>\n<script>var secret = 1;</script>\n<ul><li>First item</li><li>Second item</li></ul>\n</body></html>\n`);
  put('docs/analysis.ipynb', makeNotebook());
  put('docs/report.pdf', makePdf([['Quarterly report page one.', 'Revenue grew by ten percent.'], ['Page two talks about costs.', 'Costs fell slightly.']]));
  put('docs/brief.docx', await makeDocx(DOCX_PARAGRAPHS));
  put('docs/i18n/deutsch.md', `# Übersicht\n\n${PROSE_DE}\n`);
  put('docs/i18n/日本語.md', `# 概要\n\n${PROSE_JA}\n`);
  put('docs/binary.md', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]));
  put('docs/empty.md', '');
  put('docs/invalid-utf8.md', Buffer.concat([Buffer.from('# Broken\n\nBefore '), Buffer.from([0xc3, 0x28]), Buffer.from(' after the bad byte.\n')]));
  put('docs/scratch.tmp.md', 'ignored by a glob in .gitignore');
  put('docs/generated/out.md', 'ignored folder');
  put('docs/sub/.gitignore', 'local-only.md\n');
  put('docs/sub/local-only.md', 'ignored by a nested .gitignore');
  put('docs/sub/kept.md', `# Kept\n\n${PROSE_EN}\n`);
  put('docs/image.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
  put('src/lib.ts', '/**\n * Parses the config file.\n * Returns defaults when it is missing.\n */\nexport function parse(): void {}\n');
  put('.env', 'OPENAI_API_KEY=sk-test-not-real\n');
  put('.env.production', 'X=1\n');
  put('keys/id_rsa', '-----BEGIN OPENSSH PRIVATE KEY-----\n');
  put('keys/server.pem', '-----BEGIN CERTIFICATE-----\n');
  put('config/credentials.json', '{"token":"x"}');
  put('.npmrc', '//registry.npmjs.org/:_authToken=x\n');
  put('node_modules/pkg/README.md', '# dependency readme');
  put('.venv/lib/README.md', '# venv');
  put('dist/index.md', '# built');
  put('coverage/report.md', '# coverage');
  put('.git/HEAD', 'ref: refs/heads/main\n');
  put('big.md', `# Big\n\n${'x'.repeat(3000)}\n`);
  symlinkSync('..', join(root, 'docs/sub/loop'));
  symlinkSync('guide.md', join(root, 'docs/guide-alias.md'));
  symlinkSync('does-not-exist.md', join(root, 'docs/dangling.md'));
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

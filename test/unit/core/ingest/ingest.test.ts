import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  BUILD_FOLDERS, DEFAULT_MAX_FILE_BYTES, DEPENDENCY_FOLDERS, ingest, loadDocuments, VCS_FOLDERS,
} from '../../../../src/core/ingest';
import type { SkippedFile } from '../../../../src/core/ingest/types';
import { makeFixtureTree, type FixtureTree } from '../../support/ingestFixtures';

function tempTree(files: Record<string, string | Buffer>): { root: string; cleanup(): void } {
  const root = mkdtempSync(join(tmpdir(), 'qaforge-disc-'));
  for (const [rel, data] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), data);
  }
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

function byPath(skipped: SkippedFile[]): Record<string, string | undefined> {
  return Object.fromEntries(skipped.map((s) => [s.path, s.code]));
}

describe('ingest: discovery over the mixed fixture tree', function () {
  this.timeout(60_000);
  let tree: FixtureTree;
  before(async () => {
    tree = await makeFixtureTree();
  });
  after(() => tree.cleanup());

  it('reads the supported documents and reports every skipped path with its reason', async () => {
    const { documents, skipped } = await loadDocuments([], tree.root, { maxFileBytes: 2000 });
    assert.deepEqual(documents.map((d) => `${d.path} ${d.format}`).sort(), [
      'docs/analysis.ipynb notebook', 'docs/brief.docx docx', 'docs/guide.md markdown', 'docs/i18n/deutsch.md markdown',
      'docs/i18n/日本語.md markdown', 'docs/invalid-utf8.md markdown', 'docs/manual.rst rst', 'docs/notes.txt text',
      'docs/page.html html', 'docs/report.pdf pdf', 'docs/spec.adoc asciidoc', 'docs/sub/kept.md markdown',
    ]);
    assert.deepEqual(byPath(skipped), {
      '.env': 'secret', '.env.production': 'secret', '.git/': 'vcs-folder', '.gitignore': 'unsupported-format',
      '.npmrc': 'secret', '.venv/': 'dependency-folder', 'big.md': 'too-large', 'config/credentials.json': 'secret',
      'coverage/': 'build-output', 'dist/': 'build-output', 'docs/binary.md': 'binary', 'docs/dangling.md': 'broken-symlink',
      'docs/empty.md': 'empty', 'docs/generated/': 'gitignored', 'docs/guide-alias.md': 'duplicate',
      'docs/image.png': 'unsupported-format', 'docs/scratch.tmp.md': 'gitignored', 'docs/sub/.gitignore': 'unsupported-format',
      'docs/sub/local-only.md': 'gitignored', 'docs/sub/loop/': 'symlink-loop', 'keys/id_rsa': 'secret',
      'keys/server.pem': 'secret', 'node_modules/': 'dependency-folder', 'src/lib.ts': 'unsupported-format',
    });
    const reasons = Object.fromEntries(skipped.map((s) => [s.path, s.reason]));
    assert.match(reasons['big.md'], /3 KB is over the 2 KB per-file limit; raise maxFileBytes/);
    assert.match(reasons['docs/binary.md'], /binary content .* in a \.md file/);
    assert.match(reasons['.env'], /never read or sent to a model/);
    assert.match(reasons['docs/sub/loop/'], /already walked as docs\//);
    assert.match(reasons['docs/guide-alias.md'], /same file as docs\/guide\.md/);
    assert.match(reasons['src/lib.ts'], /turn on sourceComments/);
  });

  it('warns about invalid UTF-8 with the byte offset and strips a BOM', async () => {
    const { documents } = await loadDocuments(['docs/invalid-utf8.md', 'docs/guide.md'], tree.root);
    const broken = documents.find((d) => d.path === 'docs/invalid-utf8.md')!;
    assert.deepEqual(broken.warnings, ['docs/invalid-utf8.md: invalid UTF-8 at byte offset 17; replaced with U+FFFD (re-save the file as UTF-8 to fix)']);
    assert.ok(broken.text.includes('Before \ufffd( after'));
    const guide = documents.find((d) => d.path === 'docs/guide.md')!;
    assert.ok(guide.text.startsWith('# Guide'));
  });

  it('reads doc comments of source files only when asked', async () => {
    const { documents } = await loadDocuments(['src'], tree.root, { sourceComments: true });
    assert.equal(documents.length, 1);
    assert.equal(documents[0].format, 'source-comments');
    assert.equal(documents[0].text, 'Parses the config file.\nReturns defaults when it is missing.');
  });

  it('streams: the first item arrives before the walk ends', async () => {
    const iterator = ingest([], tree.root)[Symbol.asyncIterator]();
    const first = await iterator.next();
    assert.equal(first.done, false);
    await iterator.return?.(undefined);
  });

  it('honours an AbortSignal', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(loadDocuments([], tree.root, { signal: controller.signal }), /abort/i);
  });
});

describe('ingest: default excludes', () => {
  for (const folder of [...DEPENDENCY_FOLDERS, ...BUILD_FOLDERS, ...VCS_FOLDERS]) {
    it(`skips the ${folder}/ folder`, async () => {
      const t = tempTree({ [`${folder}/README.md`]: '# inside', 'docs/keep.md': '# keep' });
      try {
        const { documents, skipped } = await loadDocuments([], t.root);
        assert.deepEqual(documents.map((d) => d.path), ['docs/keep.md']);
        assert.equal(skipped.length, 1);
        assert.equal(skipped[0].path, `${folder}/`);
        assert.match(skipped[0].reason, new RegExp(`\\(${folder.replace('.', '\\.')}\\) excluded by default`));
      } finally {
        t.cleanup();
      }
    });
  }

  const secretNames = [
    '.env', '.env.local', 'prod.env', '.envrc', 'server.pem', 'tls.key', 'cert.p12', 'cert.pfx', 'release.keystore', 'app.jks',
    'id_rsa', 'id_rsa.pub', 'id_dsa', 'id_ecdsa', 'id_ed25519', 'putty.ppk', 'credentials', 'credentials.json', 'CREDENTIALS.yml',
    '.git-credentials', 'secrets.yaml', 'secrets', 'api.secret', '.npmrc', '.pypirc', '.netrc', '.htpasswd', '.pgpass',
    'vpn.ovpn', 'service-account-prod.json', 'prod.tfvars', 'kubeconfig', 'vault.kdbx',
  ];
  it('skips every secret-looking file name and never reads it', async () => {
    const files: Record<string, string> = { 'ok.md': '# ok' };
    for (const name of secretNames) files[`s/${name}`] = 'TOKEN=not-a-real-secret';
    const t = tempTree(files);
    try {
      const { documents, skipped } = await loadDocuments([], t.root);
      assert.deepEqual(documents.map((d) => d.path), ['ok.md']);
      assert.deepEqual(skipped.map((s) => s.path).sort(), secretNames.map((n) => `s/${n}`).sort());
      for (const s of skipped) assert.equal(s.code, 'secret', s.path);
      assert.ok(!JSON.stringify(skipped).includes('not-a-real-secret'));
    } finally {
      t.cleanup();
    }
  });

  it('skips a secret even when it is named explicitly', async () => {
    const t = tempTree({ '.env': 'K=1' });
    try {
      const { documents, skipped } = await loadDocuments(['.env'], t.root);
      assert.equal(documents.length, 0);
      assert.equal(skipped[0].code, 'secret');
    } finally {
      t.cleanup();
    }
  });

  it('detects binary content by bytes, not by extension', async () => {
    const control = Buffer.alloc(200, 0x01);
    const t = tempTree({ 'nul.txt': Buffer.from('text\u0000more'), 'ctrl.md': control, 'ok.md': 'plain\u001b[1m bold escape is fine' });
    try {
      const { documents, skipped } = await loadDocuments([], t.root);
      assert.deepEqual(documents.map((d) => d.path), ['ok.md']);
      assert.deepEqual(byPath(skipped), { 'ctrl.md': 'binary', 'nul.txt': 'binary' });
    } finally {
      t.cleanup();
    }
  });
});

describe('ingest: rules and options', () => {
  it('applies include and exclude globs relative to the root', async () => {
    const t = tempTree({ 'docs/a.md': 'a', 'docs/b.txt': 'b', 'docs/private/c.md': 'c', 'notes/d.md': 'd' });
    try {
      const { documents, skipped } = await loadDocuments([], t.root, { include: ['docs/**/*.md', 'notes/**'], exclude: ['docs/private/**'] });
      assert.deepEqual(documents.map((d) => d.path), ['docs/a.md', 'notes/d.md']);
      assert.deepEqual(byPath(skipped), { 'docs/b.txt': 'not-included', 'docs/private/': 'excluded' });
      assert.equal(skipped.find((s) => s.path === 'docs/b.txt')!.reason, 'matches none of the include patterns');
    } finally {
      t.cleanup();
    }
  });

  it('uses .gitignore files above the root up to the repository top, with negation', async () => {
    const t = tempTree({ '.git/HEAD': 'ref', '.gitignore': '*.log.md\nsite/docs/drafts/\n', 'site/.gitignore': '!keep.log.md\n', 'site/docs/a.log.md': 'x', 'site/docs/keep.log.md': 'kept', 'site/docs/drafts/d.md': 'x', 'site/docs/ok.md': 'ok', '.git/info/exclude': 'site/docs/local.md\n', 'site/docs/local.md': 'x' });
    try {
      const { documents, skipped } = await loadDocuments([], join(t.root, 'site/docs'));
      assert.deepEqual(documents.map((d) => d.path), ['keep.log.md', 'ok.md']);
      assert.deepEqual(byPath(skipped), { 'a.log.md': 'gitignored', 'drafts/': 'gitignored', 'local.md': 'gitignored' });
      const all = await loadDocuments([], join(t.root, 'site/docs'), { respectGitignore: false });
      assert.equal(all.documents.length, 5);
    } finally {
      t.cleanup();
    }
  });

  it('takes explicit files and folders relative to the root, and reports missing ones', async () => {
    const t = tempTree({ 'a/one.md': '1', 'b/two.md': '2', 'b/three.md': '3' });
    try {
      const { documents, skipped } = await loadDocuments(['b', 'a/one.md', 'nope.md'], t.root);
      assert.deepEqual(documents.map((d) => d.path), ['b/three.md', 'b/two.md', 'a/one.md']);
      assert.equal(skipped[0].path, 'nope.md');
      assert.equal(skipped[0].code, 'not-found');
      assert.match(skipped[0].reason, /cannot open: ENOENT; check the path/);
    } finally {
      t.cleanup();
    }
  });

  it('skips a self-referencing link, a link leaving the root and a FIFO, each with its reason', async () => {
    const t = tempTree({ 'docs/a.md': 'a' });
    const outside = tempTree({ 'secret-area/notes.md': 'outside' });
    try {
      symlinkSync('self.md', join(t.root, 'docs/self.md'));
      symlinkSync(join(outside.root, 'secret-area'), join(t.root, 'docs/elsewhere'));
      execFileSync('mkfifo', [join(t.root, 'docs/pipe.md')]);
      const { documents, skipped } = await loadDocuments([], t.root);
      assert.deepEqual(documents.map((d) => d.path), ['docs/a.md']);
      assert.deepEqual(byPath(skipped), { 'docs/elsewhere/': 'outside-root', 'docs/pipe.md': 'unsupported-format', 'docs/self.md': 'symlink-loop' });
      const reasons = Object.fromEntries(skipped.map((s) => [s.path, s.reason]));
      assert.equal(reasons['docs/self.md'], 'symbolic link loop');
      assert.equal(reasons['docs/elsewhere/'], 'symbolic link points outside the root folder');
      assert.equal(reasons['docs/pipe.md'], 'not a regular file (socket, device or pipe)');
    } finally {
      t.cleanup();
      outside.cleanup();
    }
  });

  it('reports a path given twice instead of reading it twice', async () => {
    const t = tempTree({ 'docs/a.md': 'a' });
    try {
      const { documents, skipped } = await loadDocuments(['docs', 'docs/a.md', 'docs'], t.root);
      assert.deepEqual(documents.map((d) => d.path), ['docs/a.md']);
      assert.deepEqual(skipped.map((s) => [s.path, s.code, s.reason]), [
        ['docs/a.md', 'duplicate', 'already read as docs/a.md'],
        ['docs/', 'duplicate', 'already walked as docs/'],
      ]);
    } finally {
      t.cleanup();
    }
  });

  it('has a 5 MB default size limit', () => {
    assert.equal(DEFAULT_MAX_FILE_BYTES, 5 * 1024 * 1024);
  });

  it('reads the file bytes it hashes', async () => {
    const t = tempTree({ 'a.md': 'hello' });
    try {
      const { documents } = await loadDocuments([], t.root);
      const { createHash } = await import('node:crypto');
      assert.equal(documents[0].hash, createHash('sha256').update(readFileSync(join(t.root, 'a.md'))).digest('hex'));
    } finally {
      t.cleanup();
    }
  });
});

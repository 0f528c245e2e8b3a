/**
 * Context-menu labels keep their "&" (issue 14): VS Code's menus read a lone "&" before a character as a mnemonic
 * and drop it (its regex is `(^|[^&])&([^\s&])`), so "Generate Q&A Dataset" showed as "Generate QA Dataset".
 * Menu entries use aliases titled "Q&&A"; the palette keeps the plain titles.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';

interface Manifest {
  contributes: {
    commands: Array<{ command: string; title: string }>;
    menus: Record<string, Array<{ command: string; when?: string }>>;
  };
}
const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as Manifest;
const MNEMONIC = /\(&([^\s&])\)|(^|[^&])&([^\s&])/;
/** The label VS Code's menu widget shows: a mnemonic "&" dropped, then "&&" drawn as "&". */
const shownInMenu = (title: string): string => {
  const m = MNEMONIC.exec(title);
  const cleaned = m ? title.replace(MNEMONIC, m[1] ? '' : '$2$3') : title;
  return cleaned.replace(/&&/g, '&');
};

describe('menu labels', () => {
  const titleOf = new Map(manifest.contributes.commands.map((c) => [c.command, c.title]));

  it('every context-menu entry shows "Q&A" with its ampersand', () => {
    const entries = Object.entries(manifest.contributes.menus).filter(([menu]) => menu !== 'commandPalette').flatMap(([, items]) => items);
    const generate = entries.filter((e) => /generateFrom/.test(e.command));
    assert.ok(generate.length >= 4);
    for (const e of generate) {
      const title = titleOf.get(e.command) ?? '';
      assert.match(shownInMenu(title), /Q&A/, `${e.command}: "${title}" shows as "${shownInMenu(title)}"`);
    }
  });

  it('keeps the plain titles in the palette and hides the menu aliases there', () => {
    const hidden = new Set(manifest.contributes.menus.commandPalette.filter((m) => m.when === 'false').map((m) => m.command));
    for (const [id, title] of titleOf) {
      if (id.startsWith('qaforge.menu.')) assert.ok(hidden.has(id), `${id} is hidden from the palette`);
      else assert.doesNotMatch(title, /&&/, `${id} shows "&&" in the palette`);
    }
    assert.equal(shownInMenu('Generate Q&A Dataset'), 'Generate QA Dataset', 'the regex is the one that ate the ampersand');
  });
});

import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { COMMAND, TEST_COMMAND } from '../../../src/extension/commandIds';

const ROOT = join(__dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { commands: { command: string }[]; menus: Record<string, { command?: string }[]>; keybindings?: { command: string }[] };
};
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : /\.ts$/.test(n) ? [p] : [];
  });
}

describe('command ids', () => {
  it('are the ones package.json contributes, no more and no fewer, and no test hook among them', () => {
    const contributed: string[] = pkg.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(contributed, Object.values(COMMAND).sort() as string[]);
    for (const id of Object.values(TEST_COMMAND)) assert.ok(!contributed.includes(id), `${id} is contributed`);
  });

  it('are the only ones menus and keybindings name', () => {
    const known = new Set<string>(Object.values(COMMAND));
    const named = [
      ...Object.values(pkg.contributes.menus)
        .flat()
        .map((m) => m.command),
      ...(pkg.contributes.keybindings ?? []).map((k) => k.command),
    ].filter((c): c is string => !!c && c.startsWith('postmortemLens.'));
    assert.ok(named.length > 5);
    assert.deepEqual(
      named.filter((c) => !known.has(c)),
      [],
    );
  });

  it('are spelled only in commandIds.ts across the extension', () => {
    const ids = [...Object.values(COMMAND), ...Object.values(TEST_COMMAND)];
    const spelled: string[] = [];
    for (const f of sources(join(ROOT, 'src', 'extension'))) {
      if (f.endsWith('commandIds.ts')) continue;
      const text = readFileSync(f, 'utf8');
      for (const id of ids) if (text.includes(`'${id}'`) || text.includes(`"${id}"`)) spelled.push(`${relative(ROOT, f)}: ${id}`);
    }
    assert.deepEqual(spelled, []);
  });
});

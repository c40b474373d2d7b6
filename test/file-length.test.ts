// The developers' rule: no file over ~400 lines without a reason at its top. A file that
// grows past it fails here until it is split or says why ("over 400 lines" in its header).
import test from 'ava';
import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';

test('every source file over 400 lines says why at its top', (t) => {
  const files = execFileSync('git', ['ls-files', '*.ts', '*.tsx', '*.mjs', '*.cjs'], {encoding: 'utf8'}).split('\n').filter(Boolean);
  const unexplained = files.filter((file) => {
    const lines = readFileSync(file, 'utf8').split('\n');
    return lines.length > 400 && !/over 400 lines/i.test(lines.slice(0, 15).join('\n'));
  });
  t.deepEqual(unexplained, []);
});

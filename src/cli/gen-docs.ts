// `npm run docs`: writes docs/rules.md from the rules' metadata and fixtures.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT, rulesMarkdown } from './rules-doc.js';

const target = path.join(PACKAGE_ROOT, 'docs', 'rules.md');
writeFileSync(target, rulesMarkdown());
process.stdout.write(`wrote ${path.relative(process.cwd(), target) || target}\n`);

import { createRequire } from 'node:module';

// Libraries most runs never touch, loaded on first use: `yaml` (documents js-yaml's fast path does not take: aliases,
// custom tags, lenient syntax), Ajv (configuration files, rule packs, `diff`) and Handlebars (the HTML report).
// Loaded up front they cost about 100 ms of every start-up, `--version` included.
const require = createRequire(import.meta.url);

let yamlModule: typeof import('yaml') | undefined;
let ajvModule: typeof import('ajv') | undefined;
let handlebarsModule: typeof import('handlebars') | undefined;

export const yamlLib = (): typeof import('yaml') => (yamlModule ??= require('yaml') as typeof import('yaml'));
export const ajvLib = (): typeof import('ajv') => (ajvModule ??= require('ajv') as typeof import('ajv'));
export const handlebarsLib = (): typeof import('handlebars') => (handlebarsModule ??= require('handlebars') as typeof import('handlebars'));

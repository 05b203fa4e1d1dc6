import { Command, CommanderError, Option } from 'commander';
import { InputError, UsageError } from '../load/errors.js';
import { INVENTORY_SCHEMA, REPORT_SCHEMA } from '../report/schema.js';
import { clean } from '../report/text.js';
import { assessCommand, type AssessFlags } from './assess.js';
import { rulesCommand } from './rules.js';
import { availableParallelism } from 'node:os';
import { baselineCommand } from './baseline.js';
import { mergeCommand } from './merge.js';
import { inventoryCommand, type InventoryFlags } from './inventory.js';
import { diffCommand } from './diff.js';
import { explainCommand } from './explain.js';
import { initCommand } from './init.js';
import { CONFIG_SCHEMA } from '../config/schema.js';
import { RULE_PACK_SCHEMA } from '../engine/packs.js';
import { toolVersion } from './version.js';

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** The options that choose and read the inputs, shared by the commands that assess them (`assess`, `inventory`). */
function inputOptions(c: Command): Command {
  return c
    .option('--config <file>', 'configuration file (default: .api-maturity.yaml, discovered upward)')
    .option('--no-config', 'ignore any .api-maturity.yaml')
    .option('--allow-remote-refs', 'resolve http(s) $refs (off by default: nothing is fetched)')
    .option('--ref-root <dir>', 'another directory $refs may read from; repeatable', collect)
    .option('--kind <kind>', 'force the input kind of every file')
    .option('--as-map <issuer=api>', 'link authorization-server (issuer) or protected-resource (resource) metadata to an API id or name (glob); repeatable', collect)
    .option('--max-file-size <size>', 'largest document read whole (default 64MiB)')
    .option('--max-traffic-size <size>', 'largest traffic file (HAR, access log) streamed (default 4GiB)')
    .option('--dpop-iat-window <seconds>', "largest distance between a DPoP proof's iat and the call (default 300)")
    .option('--timestamp', 'include the time of the run in the output (also SOURCE_DATE_EPOCH)')
    .option('--progress', 'show progress on stderr even when it is not a terminal')
    .option('-j, --jobs <n>', `worker threads for many files (default: the number of cores, here ${availableParallelism()})`);
}

function program(setCode: (n: number) => void): Command {
  const p = new Command('api-maturity')
    .description('How mature is each API\'s security? Levels 0-4 (none, API key, bearer, sender-constrained, FAPI 2.0) and OWASP API Top 10 findings, from OpenAPI, gateway configs, authorization-server metadata and traffic.')
    .version(toolVersion(), '-V, --version')
    .option('--debug', 'print stack traces for internal errors')
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');

  const assess = p.command('assess', { isDefault: true })
    .description('assess files and directories (kinds detected from content)')
    .argument('[paths...]', 'files or directories')
    .option('-f, --format <name>', 'stdout format: terminal (default on a TTY), json, html, sarif, markdown, junit')
    .option('-o, --output <file>', 'write a report; format from the extension (.json, .html, .sarif or .sarif.json, .md, .xml, .txt); repeatable', collect)
    .option('--fail-below <level>', 'exit 1 if any API is below this level (0-4 or its label)')
    .option('--fail-on <severity>', 'exit 1 if any finding has this severity or higher')
    .option('--fail-below-target', 'exit 1 if any API is below the target level of its sensitivity class')
    .option('--baseline <file>', 'findings recorded in this baseline are reported as baselined and do not fail gates')
    .option('--max-token-lifetime <seconds>', 'token lifetime above which tokens count as long-lived (default 3600)')
    .option('-q, --quiet', 'no terminal summary when writing files with -o');
  inputOptions(assess)
    .option('--shard <i/n>', 'assess only shard i of n of the inputs (deterministic; combine the JSON reports with `merge`)')
    .addOption(new Option('--no-color', 'no colours (NO_COLOR is honoured too)'))
    .action(async (paths: string[], flags: AssessFlags) => setCode(await assessCommand(paths, flags)));

  const inventory = p
    .command('inventory')
    .description('the credential inventory: every credential path of every API (where it is presented, who issues it, where its secret is stored, binding, lifetime, scopes) and the security-control matrix')
    .argument('[paths...]', 'files or directories (default: inputs from the configuration)')
    .option('-f, --format <name>', 'stdout format: table (default), json, csv (one row per API and credential path)')
    .option('-o, --output <file>', 'write the inventory; format from the extension (.csv, .json, .txt); repeatable', collect)
    .option('-q, --quiet', 'nothing on stdout when writing files with -o');
  inputOptions(inventory)
    .addOption(new Option('--no-color', 'no colours (NO_COLOR is honoured too)'))
    .action(async (paths: string[], flags: InventoryFlags) => setCode(await inventoryCommand(paths, flags)));

  p.command('merge')
    .description('combine the JSON reports of `assess --shard i/n` runs into the report of one run over all inputs')
    .argument('<reports...>', 'JSON reports of the shards')
    .option('-o, --output <file>', 'write the merged report here (default: stdout)')
    .action((files: string[], flags: { output?: string }) => setCode(mergeCommand(files, flags)));

  p.command('baseline')
    .description('record the current findings (by fingerprint) so that only new ones fail the gates')
    .argument('[paths...]', 'files or directories (default: inputs from the configuration)')
    .requiredOption('-o, --output <file>', 'baseline file to write, e.g. .api-maturity-baseline.json')
    .option('--config <file>', 'configuration file')
    .option('--no-config', 'ignore any .api-maturity.yaml')
    .option('--allow-remote-refs', 'resolve http(s) $refs')
    .option('--ref-root <dir>', 'another directory $refs may read from; repeatable', collect)
    .option('--kind <kind>', 'force the input kind of every file')
    .option('--max-file-size <size>', 'largest file read (default 64MiB)')
    .option('-q, --quiet', 'print nothing')
    .action(async (paths: string[], flags: AssessFlags & { output: string }) => setCode(await baselineCommand(paths, flags)));

  p.command('diff')
    .description('compare two JSON reports: level regressions and new findings; exit 1 on a regression')
    .argument('<old>', 'the earlier JSON report')
    .argument('<new>', 'the later JSON report')
    .option('--fail-on-new <severity>', 'also exit 1 on new findings of this severity or higher')
    .option('--format <format>', 'text or json', 'text')
    .action((oldFile: string, newFile: string, flags: { failOnNew?: string; format?: string }) => setCode(diffCommand(oldFile, newFile, flags)));

  p.command('init')
    .description('write a commented starter .api-maturity.yaml')
    .option('-o, --output <file>', 'where to write it', '.api-maturity.yaml')
    .option('--force', 'overwrite an existing file')
    .action((flags: { force?: boolean; output?: string }) => setCode(initCommand(flags)));

  p.command('explain')
    .description("print a rule's rationale, examples and remediation (or a maturity requirement's, e.g. R2.1)")
    .argument('<id>', 'rule id or requirement id')
    .action((id: string) => setCode(explainCommand(id)));

  p.command('rules')
    .description('list the rules')
    .option('--format <format>', 'text, json, or markdown (the rule reference, docs/rules.md)', 'text')
    .action((flags: { format?: string }) => setCode(rulesCommand(flags)));

  p.command('schema')
    .description('print a JSON Schema: the JSON report (default), the configuration file, a rule pack, or the inventory')
    .argument('[which]', 'report | config | rule-pack | inventory', 'report')
    .action((which: string) => {
      const schemas: Record<string, unknown> = { report: REPORT_SCHEMA, config: CONFIG_SCHEMA, 'rule-pack': RULE_PACK_SCHEMA, inventory: INVENTORY_SCHEMA };
      const sch = Object.hasOwn(schemas, which) ? schemas[which] : undefined;
      if (!sch) throw new UsageError(`schema: '${which}' is not one of report, config, rule-pack, inventory`);
      process.stdout.write(JSON.stringify(sch, null, 2) + '\n');
      setCode(0);
    });
  return p;
}

/** Runs the command line; resolves to the process exit code. Never throws. */
export async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  let code = 0;
  try {
    await program((n) => (code = n)).parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2; // commander already printed the message
    }
    if (e instanceof InputError || e instanceof UsageError) {
      process.stderr.write(`api-maturity: ${oneLine(e.message)}\n`);
      if (debug) process.stderr.write(`${e.stack}\n`);
      return 2;
    }
    const err = e as Error;
    process.stderr.write(`api-maturity: internal error: ${oneLine(err?.message ?? String(e))}${debug ? '' : ' (run with --debug for details)'}\n`);
    if (debug) process.stderr.write(`${err?.stack}\n`);
    return 2;
  }
}

/** One line for stderr: messages embed file names and snippets of input, whose control characters are shown, not obeyed. */
function oneLine(s: string): string {
  return clean(s.replace(/\s*\n\s*/g, ' ')).slice(0, 500);
}

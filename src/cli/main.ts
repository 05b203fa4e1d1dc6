import { Command, CommanderError, Option } from 'commander';
import { InputError, UsageError } from '../load/errors.js';
import { REPORT_SCHEMA } from '../report/schema.js';
import { assessCommand, type AssessFlags } from './assess.js';
import { rulesCommand } from './rules.js';
import { toolVersion } from './version.js';

const collect = (v: string, prev: string[] = []) => [...prev, v];

function program(setCode: (n: number) => void): Command {
  const p = new Command('api-maturity')
    .description('How mature is each API\'s security? Levels 0-4 (none, API key, bearer, sender-constrained, FAPI 2.0) and OWASP API Top 10 findings, from OpenAPI, gateway configs, authorization-server metadata and traffic.')
    .version(toolVersion(), '-V, --version')
    .option('--debug', 'print stack traces for internal errors')
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');

  p.command('assess', { isDefault: true })
    .description('assess files and directories (kinds detected from content)')
    .argument('[paths...]', 'files or directories')
    .option('-f, --format <name>', 'stdout format: terminal (default on a TTY), json')
    .option('-o, --output <file>', 'write a report; format from the extension (.json, .txt); repeatable', collect)
    .option('--fail-below <level>', 'exit 1 if any API is below this level (0-4 or its label)')
    .option('--fail-on <severity>', 'exit 1 if any finding has this severity or higher')
    .option('--allow-remote-refs', 'resolve http(s) $refs (off by default: nothing is fetched)')
    .option('--ref-root <dir>', 'another directory $refs may read from; repeatable', collect)
    .option('--kind <kind>', 'force the input kind of every file')
    .option('--max-file-size <size>', 'largest file read (default 64MiB)')
    .option('--timestamp', 'include the time of the run in reports (also SOURCE_DATE_EPOCH)')
    .option('-q, --quiet', 'no terminal summary when writing files with -o')
    .addOption(new Option('--no-color', 'no colours (NO_COLOR is honoured too)'))
    .action(async (paths: string[], flags: AssessFlags) => setCode(await assessCommand(paths, flags)));

  p.command('rules')
    .description('list the rules')
    .option('--format <format>', 'text or json', 'text')
    .action((flags: { format?: string }) => setCode(rulesCommand(flags)));

  p.command('schema')
    .description('print the JSON Schema of the JSON report')
    .action(() => {
      process.stdout.write(JSON.stringify(REPORT_SCHEMA, null, 2) + '\n');
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

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').slice(0, 500);
}

import { existsSync, writeFileSync } from 'node:fs';
import { UsageError } from '../load/errors.js';

export const STARTER = `# api-maturity configuration — https://github.com/ (see README: "Configuration")
# Discovered from the working directory upward; pass another with --config FILE, or ignore it with --no-config.

# What \`api-maturity assess\` reads when no paths are given.
inputs:
  - specs/

# Gates for CI (command-line flags override them).
gates:
  failOn: high            # any finding of this severity or worse fails the run
  failBelowTarget: true   # any API below the target level of its sensitivity class fails the run
  # failBelow: bearer     # or one level for every API: none, api-key, bearer, sender-constrained, fapi (or 0-4)

# Sensitivity classes decide the level each API must reach. Unlisted APIs are classified from what they handle
# (payments, banking, health, identity → restricted; personal data → confidential; otherwise internal).
# sensitivity:
#   - api: "payments-*"        # API id or name glob
#     class: restricted        # public | internal | confidential | restricted
#     reason: moves money
targets:                       # the defaults
  public: 1
  internal: 2
  confidential: 3
  restricted: 4

# Operations that are public on purpose (health checks, catalogues).
# public:
#   - "GET /health"
#   - "/status/**"

# Rules: switch off, change severity, or override per file or path glob.
# rules:
#   disable: [api9-zombie-operation]
#   severity: { api2-no-auth: critical }
#   overrides:
#     - files: ["legacy/**"]
#       severity: { api2-key-in-url: medium }

# Documented exceptions, with an owner and an expiry date. Without \`rule\`, an exception excuses the API from the
# level gates; with it, that rule's findings on the API. Expired exceptions fail the run.
# exceptions:
#   - api: "legacy-partner-api*"
#     rule: api2-key-in-url
#     reason: partner integration migrates to OAuth in Q3
#     owner: platform-security@example.com
#     expires: 2027-06-30

# Authorization-server metadata whose endpoints no security scheme names: issuer → API id or name glob.
# authServers:
#   "https://as.example.com": "payments-*"

# Access tokens living longer than this (seconds) are reported as long-lived.
# tokenLifetime: 3600

# Declarative rule packs (local files inside this project only).
# rulePacks:
#   - rules/acme.yaml
`;

/** `api-maturity init`: writes a commented starter configuration. */
export function initCommand(flags: { force?: boolean; output?: string }): number {
  const file = flags.output ?? '.api-maturity.yaml';
  if (existsSync(file) && !flags.force) throw new UsageError(`${file} exists; use --force to overwrite`);
  writeFileSync(file, STARTER);
  process.stdout.write(`wrote ${file}\n`);
  return 0;
}

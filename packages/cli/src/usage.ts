/** Help texts, one per command plus the overview. @internal */

export const MAIN_USAGE = `Usage: sigreg <command> [options]

Keep and check an ISO/IEC 27001:2022 A.5.6 register of special interest groups.

Commands:
  check <file>    Evaluate a register and report findings
  init [dir]      Write a commented starter register.yaml into dir (default: .)
  schema          Print the register JSON Schema
  rules           List the built-in rules
  help [command]  Show help for a command

Options:
  -h, --help      Show help
  -v, --version   Print the version

Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 unusable input.
Run 'sigreg help <command>' for a command's options.
`;

export const CHECK_USAGE = `Usage: sigreg check <file> [options]

Evaluate a register (YAML or JSON) and report findings, group status and the verdict.

Options:
  --as-of DATE         Evaluate as of this day, YYYY-MM-DD (default: today, UTC)
  --format FORMAT      text (default) or json
  --fail-on SEVERITY   Exit 1 when a finding is at least this severe:
                       major, minor (default) or observation
  -h, --help           Show this help

Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 unusable input
(bad arguments, unreadable or invalid file).
`;

export const INIT_USAGE = `Usage: sigreg init [dir]

Write a commented starter register.yaml into dir (default: the current directory).
An existing register.yaml is never overwritten.

Options:
  -h, --help   Show this help
`;

export const SCHEMA_USAGE = `Usage: sigreg schema

Print the register JSON Schema (draft 2020-12), for editors and validators.

Options:
  -h, --help   Show this help
`;

export const RULES_USAGE = `Usage: sigreg rules [options]

List the built-in rules: id, default severity, title and the policy keys they use.
Override a rule in the register under policy.rules.<id> (severity, enabled).

Options:
  --format FORMAT   text (default) or json
  -h, --help        Show this help
`;

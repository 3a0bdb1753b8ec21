/** Help texts, one per command plus the overview. @internal */

export const MAIN_USAGE = `Usage: sigreg <command> [options]

Keep and check an ISO/IEC 27001:2022 A.5.6 register of special interest groups.

Commands:
  check <file>      Evaluate a register file (or, with --store, a stored register)
  init [dir]        Write a commented starter register.yaml into dir (default: .)
  schema            Print the register JSON Schema
  rules             List the built-in rules
  suggest [file]    Suggest well-known groups the register lacks, most relevant first
  import <file>     Load a register file into a store
  export            Print a stored register as YAML or JSON
  report            Export the register and its findings: md, csv, xlsx, json, oscal
  pack              Write the audit pack: report, register, findings, OSCAL and
                    evidence in one ZIP, every file hashed in its manifest
  verify-pack <zip> Check an audit pack against its manifest and evidence chain
  migrate           Create or upgrade a SQL store's tables
  verify-evidence   Check a store's evidence log has not been tampered with
  attest            Vouch in the evidence log for records edited by hand
  review            Record a review of the register
  activity          Record engagement with a group
  triage <alert>    Share, action or dismiss an alert
  deliver           Send what the outbox holds to Slack, Teams, email, Jira, webhooks
  outbox            List queued, delivered or dead-lettered messages; retry them
  notify            Enqueue today's review reminders and weekly digests (--dry-run)
  ingest            Read the groups' feeds into scored alerts (many workers may share a store)
  links             Check that each group's website still answers (for group-link-dead)
  help [command]    Show help for a command

Options:
  -h, --help        Show help
  -v, --version     Print the version

Stores (--store on every command that reads or writes a register):
  file:./register.yaml (default; a bare path is a file too), sqlite:./sigreg.db,
  postgres://user:pass@host/db, mysql://user:pass@host/db (or mariadb://).
  --tenant ID picks the register in a shared store (default: default); changes are
  attributed to --actor NAME (default: $SIGREG_ACTOR, else the OS user name).

Exit codes: 0 success (check: no finding at or above --fail-on), 1 findings,
a refused change or broken evidence, 2 unusable input (bad arguments, an
unreadable file, an unknown, unreachable or unmigrated store).
Run 'sigreg help <command>' for a command's options.
`;

export const CHECK_USAGE = `Usage: sigreg check <file> [options]
       sigreg check --store URL [--tenant ID] [options]

Evaluate a register (YAML or JSON) and report findings, group status and the verdict.
Feed health and link checks that sigreg ingest and sigreg links recorded beside
the file (in .<file name>.sigreg/) are read too. With --store, evaluate the
register a store holds for a tenant instead of a file.

Options:
  --as-of DATE         Evaluate as of this day, YYYY-MM-DD (default: today, UTC)
  --format FORMAT      text (default) or json
  --fail-on SEVERITY   Exit 1 when a finding is at least this severe:
                       major, minor (default) or observation
  --store URL          file:PATH, sqlite:PATH, postgres://… or mysql://… (instead of <file>)
  --tenant ID          The tenant in the store (default: default)
  -h, --help           Show this help

Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 unusable input
(bad arguments, unreadable or invalid file, unknown or unreachable store, no
register for the tenant).
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

export const SUGGEST_USAGE = `Usage: sigreg suggest [file] [options]
       sigreg suggest --store URL [--tenant ID] [options]

Rank the groups of the built-in catalogue (national CERTs, ISACs, forums,
professional bodies, vendor bulletins) that the register does not have yet by
relevance to its organisation profile, each with the reason: which sectors,
technologies, regulations, risk themes and jurisdictions matched. A group the
register holds under another id is recognised by its website.
Without a file or --store, the register is ./register.yaml.

Options:
  --limit N            Show at most N groups (default: 10)
  --format FORMAT      text (default) or json
  --store URL          file:PATH, sqlite:PATH, postgres://… or mysql://… (instead of [file])
  --tenant ID          The tenant in the store (default: default)
  -h, --help           Show this help

Exit codes: 0 success, 2 unusable input (bad arguments, an unreadable or invalid
file, an unknown or unreachable store, no register for the tenant).
`;

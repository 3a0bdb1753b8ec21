/** Help texts of the commands that work on a store. @internal */

/** The store options, as every store command lists them. @internal */
export const STORE = `  --store URL     Where the register is: file:./register.yaml (default; a bare
                  path is a file too), sqlite:PATH, postgres://… or mysql://…
  --tenant ID     The tenant in the store (default: default)`;

const ACTOR = `  --actor NAME    Who the change is attributed to in the evidence log
                  (default: $SIGREG_ACTOR, else the OS user name)`;

const WRITE_EXIT = `Exit codes: 0 recorded (or already recorded), 1 refused: the input is invalid
(the errors say where) and nothing was written, 2 unusable input (bad arguments,
an unknown, unreachable or unmigrated store).`;

export const IMPORT_USAGE = `Usage: sigreg import <file> [options]

Load a register file (YAML or JSON) into a store, in one transaction, and print
what changed per collection (created, updated, removed, unchanged).

Options:
  --mode MODE     replace (default): the stored register becomes the file's;
                  merge: only add and update, never remove
${STORE}
${ACTOR}
  -h, --help      Show this help

${WRITE_EXIT}
`;

export const EXPORT_USAGE = `Usage: sigreg export [options]

Print the register a store holds for a tenant, as a register file.

Options:
  --format FORMAT     yaml (default; json when --output ends in .json) or json
  -o, --output FILE   Write to FILE instead of standard output
${STORE}
  -h, --help          Show this help

Exit codes: 0 exported, 2 unusable input (bad arguments, an unknown or
unreachable store, no register for the tenant).
`;

export const REPORT_USAGE = `Usage: sigreg report [options]

Export the register a store holds, with its evaluation (findings, review states,
relevance), for an auditor, a wiki or a GRC tool.

Options:
  --format FORMAT     html (one self-contained audit report), md (default),
                      csv (the register), findings-csv, xlsx (sheets Register
                      and Findings; needs exceljs installed), json, or oscal
                      (OSCAL 1.1.3 assessment results); without --format,
                      --out's extension decides (.html .md .csv .xlsx .json)
  -o, --out FILE      Write to FILE instead of standard output (XLSX is never
                      written to a terminal)
  --as-of DATE        Evaluate as of this day (default: today, UTC)
  --plugin MODULE     Load a sigreg plugin (a path or package whose default
                      export is a plugin or a factory of one); its exporters
                      become formats. Repeatable.
${STORE}
  -h, --help          Show this help

Exit codes: 0 exported, 2 unusable input (bad arguments, an unknown or
unreachable store, no register for the tenant, exceljs missing for xlsx, a
plugin that cannot be loaded or registered).
`;

export const MIGRATE_USAGE = `Usage: sigreg migrate [options]

Create or upgrade the tables of a SQL store (a SQLite file is created if it does
not exist). Safe to run again. Every other command on a SQL store needs it first.
File stores have no tables: nothing to do.

Options:
  --store URL   sqlite:PATH, postgres://user:pass@host/db or mysql://…
  -h, --help    Show this help

Exit codes: 0 migrated, 2 unusable input (bad arguments, an unknown or
unreachable store).
`;

export const VERIFY_EVIDENCE_USAGE = `Usage: sigreg verify-evidence [options]

Walk a tenant's evidence log (every change, hash-chained) and check the stored
records against it. Prints the number of entries and the head (seq and hash:
keep it somewhere else to detect a truncated log), or the first problem: an
entry altered, missing or reordered, or a record changed behind the log's back.

A register file edited by hand holds records the log never recorded: they are
reported as unrecorded. Run 'sigreg attest' to vouch for them in the log;
--chain-only checks the log alone.

Options:
  --chain-only      Check the log's chain only, not the records against it
  --format FORMAT   text (default) or json
${STORE}
  -h, --help        Show this help

Exit codes: 0 intact, 1 a problem (kind, seq and message printed), 2 unusable
input (bad arguments, an unknown or unreachable store, no register for the tenant).
`;

export const REVIEW_USAGE = `Usage: sigreg review --reviewer PERSON [options]

Record a review of the register (or of some of its groups).

Options:
  --reviewer PERSON   Person id of the reviewer (required)
  --scope SCOPE       all (default) or group ids separated by commas: g1,g2
  --notes TEXT        Notes of the review
  --date DATE         When it took place, YYYY-MM-DD or a date-time (default: today, UTC)
${STORE}
${ACTOR}
  -h, --help          Show this help

${WRITE_EXIT}
`;

export const ACTIVITY_USAGE = `Usage: sigreg activity --group ID --type TYPE [options]

Record engagement with a group. Recording the same activity twice changes nothing.

Options:
  --group ID       Group id (required)
  --type TYPE      alert-received, newsletter, event-attended, meeting,
                   question-asked, intel-shared, training or contribution (required)
  --by PERSON      Person id of who took part
  --summary TEXT   What was learned or shared
  --url URL        Link to the material
  --date DATE      When it happened, YYYY-MM-DD or a date-time (default: today, UTC)
${STORE}
${ACTOR}
  -h, --help       Show this help

${WRITE_EXIT}
`;

export const TRIAGE_USAGE = `Usage: sigreg triage <alert> --by PERSON (--share CHANNEL | --action TYPE | --dismiss REASON) [options]

Record what was decided about an alert: shared to a team channel (the alert
becomes triaged), acted on (actioned) or dismissed with the reason an auditor
will read (dismissed).

Options:
  --by PERSON        Person id of who triaged it (required)
  --share CHANNEL    Shared to this channel, for example '#sec-intel'
  --action TYPE      ticket, risk-update, control-change, awareness,
                     incident-prep or no-action
    --ref KEY        Reference of the action (a ticket key…)
    --url URL        Link to the ticket, risk or change
    --note TEXT      Note on the action
  --dismiss REASON   Dismissed, for this reason
  --date DATE        When, YYYY-MM-DD or a date-time (default: today, UTC)
${STORE}
${ACTOR}
  -h, --help         Show this help

${WRITE_EXIT}
`;

export const ATTEST_USAGE = `Usage: sigreg attest [options]

Record in the evidence log the current state of every record the log does not
account for (a register file edited by hand, data written before sigreg kept a
log), attributed to --actor. Later changes behind the log's back are still
reported by 'sigreg verify-evidence'.

Options:
${STORE}
  --actor NAME      Who vouches for the state (default: $SIGREG_ACTOR, else the OS user)
  -h, --help        Show this help

Exit codes: 0 attested (or nothing to attest), 2 unusable input (bad arguments,
an unknown or unreachable store, no register for the tenant).
`;

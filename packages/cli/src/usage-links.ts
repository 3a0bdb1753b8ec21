/** Help text of `sigreg links`. @internal */
export const LINKS_USAGE = `Usage: sigreg links [options]

Check that each live group's website still answers (HEAD, then GET when HEAD
is refused) through the safe fetcher, and record the outcome in the store
(state document link:<group id>). After 3 failed checks in a row,
"sigreg check --store" and "sigreg report" give the finding group-link-dead.
Run it on a schedule, daily say.

Options:
  --group ID          Only this group (repeatable)
  --allow-host HOST   Let the SSRF guard through to this host name, IP or CIDR,
                      for a deliberately internal site (repeatable)
  --format FORMAT     text (default) or json
  --store URL         sqlite:PATH, postgres://…, mysql://… or
                      file:./register.yaml (default)
  --tenant ID         The tenant in the store (default: default)
  -h, --help          Show this help

Exit codes: 0 every website answered, 1 some did not (the table says which and
why), 2 unusable input (bad arguments, an unknown, unreachable or unmigrated
store, no register for the tenant).
`;

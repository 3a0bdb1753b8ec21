/** Help text of `sigreg ingest`. @internal */
export const INGEST_USAGE = `Usage: sigreg ingest [options]

Read the feeds of every live group (RSS, Atom, JSON Feed, the CISA KEV
catalog) of every tenant in the store, or of the one given, and turn what they
publish into alerts: scored for relevance, deduplicated, attributed to the
group. Each feed is claimed with a lease in the store, so several workers on
several machines can share one database; a feed's state (ETag/Last-Modified,
last success, failures) is kept in the store, so an unchanged feed costs a 304.
Shows a progress bar on a terminal (one line per feed when piped), then a
summary per group.

Options:
  --group ID          Only this group (in every tenant that has it)
  --since DATE        Ignore items dated before DATE (YYYY-MM-DD or date-time)
  --allow-host HOST   Let the SSRF guard through to this host name, IP or CIDR,
                      for a deliberately internal feed (repeatable)
  --lease SECONDS     How long a claim on a feed lasts; renewed every third of
                      it while the feed is read (default: 300)
  --min-interval SECONDS
                      Skip a feed read less than this long ago, by any worker
                      (default: 60)
  --timeout SECONDS   Give up on a feed that has not answered completely
                      within this time (1 to 3600; default: 30)
  --threshold N       Routing threshold, 0 to 100: alerts scoring below it are
                      stored but not pushed (default: 50)
  --worker ID         This worker's id in the leases (default: random)
  --format FORMAT     text (default) or json
  --store URL         sqlite:PATH, postgres://…, mysql://… or
                      file:./register.yaml (default)
  --tenant ID         Only this tenant (default: every tenant)
  -h, --help          Show this help

Exit codes: 0 every feed read (or skipped), 1 some feed failed (the summary
says which and why), 2 unusable input (bad arguments, an unknown, unreachable
or unmigrated store, a --tenant without a register, a --group no tenant has).
`;

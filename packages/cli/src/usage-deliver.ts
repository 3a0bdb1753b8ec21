/** Help texts of the delivery commands. @internal */

const STORE = `  --store URL     Where the outbox is: sqlite:PATH, postgres://…, mysql://… or
                  file:./register.yaml (default)
  --tenant ID     Only this tenant's messages (default: every tenant's)`;

export const DELIVER_USAGE = `Usage: sigreg deliver --notifiers FILE [options]

Deliver what the outbox holds: turn recorded alerts into notifications (to the
group's owner by email, to chat when high or critical, to tickets when
critical, to every webhook) and send them, until nothing is due. Each message
is claimed with a lease, so several workers on several machines can share one
database; a failed send is retried later with exponential backoff (Retry-After
honoured) and dead-lettered after its last attempt.

Options:
  --notifiers FILE    YAML or JSON listing the notifiers (default:
                      $SIGREG_NOTIFIERS). A value written env:NAME is read
                      from the environment, so secrets stay out of the file:
                        notifiers:
                          - type: slack        # or teams, email, jira, webhook
                            name: team-chat
                            webhookUrl: env:SLACK_WEBHOOK_URL
                        routes:                  # optional routing rules
                          - notifiers: [team-chat]
                            minSeverity: high    # also minRelevance, groups
                        allowHosts: [jira.corp.example]  # internal targets
                      Slack, Teams, Jira and webhook requests go through
                      sigreg's safe fetcher: private, loopback and
                      link-local addresses are refused unless allowed.
  --allow-host HOST   Also allow this host name, IP address or CIDR
                      (repeatable), as allowHosts in the file
  --max-attempts N    Attempts before a message is dead-lettered (default: 8)
  --batch N           Messages claimed at once (default: 50)
  --lease SECONDS     How long a claim lasts (default: 60)
  --worker ID         This worker's id in the outbox (default: random)
  --sync-tickets      Then read open tickets' status back (Jira) and record
                      changes on their alerts; a closed ticket closes the loop
  --format FORMAT     text (default) or json
${STORE}
  -h, --help          Show this help

Exit codes: 0 delivered (or nothing to do; retries may remain), 1 some messages
were dead-lettered (see sigreg outbox) or a ticket's status could not be read, 2 unusable input (bad arguments or
notifiers file, an unknown, unreachable or unmigrated store).
`;

export const OUTBOX_USAGE = `Usage: sigreg outbox [list] [options]
       sigreg outbox retry (ID | --all) [options]

List the outbox's messages by status (dead letters by default), or make dead
letters due again with a fresh attempt count; the next sigreg deliver sends them.

Options:
  --status STATUS   failed (default), pending or sent
  --limit N         At most N messages (default: 100)
  --format FORMAT   text (default) or json
  --all             retry: every dead letter (of --tenant, when given)
${STORE}
  -h, --help        Show this help

Exit codes: 0 listed or retried, 1 the id to retry is not a dead letter,
2 unusable input (bad arguments, an unknown, unreachable or unmigrated store).
`;

export const NOTIFY_USAGE = `Usage: sigreg notify [options]

Enqueue the notifications that are due today, each once however often it runs:
review reminders to each group's owner (dueSoonDays before a review falls due,
on the day, and once overdue) and a weekly digest per owner (what their groups
brought in this week, what is still untriaged). Run it daily; sigreg deliver
sends what it enqueued.

Options:
  --dry-run           Show what would go out (already queued, to be routed,
                      scheduled) and write nothing; needs --notifiers
  --notifiers FILE    The notifiers file sigreg deliver uses (default:
                      $SIGREG_NOTIFIERS)
  --only WHAT         reminders or digests (default: both)
  --as-of DATE        Plan for this day (default: today, UTC)
  --format FORMAT     text (default) or json
${STORE}
  -h, --help          Show this help

Exit codes: 0 enqueued or shown, 2 unusable input (bad arguments or notifiers
file, an unknown, unreachable or unmigrated store).
`;

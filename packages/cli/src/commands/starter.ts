import { REGISTER_SCHEMA_URL } from "@sigreg/core";

/**
 * The commented starter register written by `sigreg init`. Dates are the day it is written, so a
 * fresh register passes the review, ownership and engagement rules; the one finding it leaves
 * (no professional body) shows what `sigreg check` reports and how to clear it.
 * @param today `YYYY-MM-DD` of the day the file is written.
 * @internal
 */
export function starterRegister(today: string): string {
  return `# yaml-language-server: $schema=${REGISTER_SCHEMA_URL}
#
# sigreg register: ISO/IEC 27001:2022 Annex A 5.6, contact with special interest groups.
#
# A.5.6 asks you to establish and maintain contact with special interest groups, security forums
# and professional associations. This file is the evidence: which groups, why each matters, who owns
# it, what you got from it, what you did with it, and when the list was last reviewed.
#
#   sigreg check register.yaml    evaluate it (exit 1 when a finding is minor or worse)
#   sigreg rules                  list what is checked
#   sigreg schema                 print the full JSON Schema (your editor also reads the line above)
#
# Dates are ISO 8601: 2026-01-31, or a date-time such as 2026-01-31T09:30:00Z.
# Ids (people, groups, alerts) use letters, digits, '.', '_', ':' or '-'.

# Your organisation: what makes a group relevant to you. Each group's topics are scored against
# these lists, and every entry here should be covered by some group (the coverage-gap rule).
# Names are normalised to lower-case tokens ("Financial Services" becomes financial-services).
organisation:
  name: Example Ltd
  # Sectors you work in; each should be covered by a group (an ISAC or sector forum).
  sectors: [software]
  # Where you operate, as ISO 3166 codes (GB, DE, US...) or EU; each needs a government CERT below.
  jurisdictions: [GB]
  # Your tech stack: vendors, or vendor/product (microsoft/exchange). Aliases are normalised (k8s).
  technologies: [aws, web-applications]
  # Regulations you are under: gdpr, nis2, dora, hipaa, pci-dss, eu-ai-act...
  regulations: [gdpr]
  # Risk themes you watch: ransomware, supply-chain, phishing, data-poisoning...
  riskThemes: [ransomware, supply-chain]

# People who own groups, record activity and review the register. Groups refer to them by id.
people:
  - id: alex
    name: Alex Morgan
    email: alex@example.com
    role: Head of Security
  - id: sam
    name: Sam Patel
    email: sam@example.com
    role: Platform Engineer
    # When someone leaves, keep them here with "active: false" (or "leftOn: YYYY-MM-DD"):
    # the groups they own are then flagged for a new owner.

# The special interest groups. Each needs an owner, a way to reach it (url or contact) and a
# relevance statement; the rest sharpens the relevance score and the evidence.
groups:
  # A national CERT: the official early warning for a jurisdiction you operate in.
  - id: ncsc-uk
    name: NCSC (UK National Cyber Security Centre)
    # professional-body, government-cert, isac, technical-forum, vendor-bulletin,
    # research-community, standards-body, social-media or other.
    kind: government-cert
    url: https://www.ncsc.gov.uk/
    # For CERTs and ISACs: the countries or regions they serve.
    jurisdictions: [GB]
    # The accountable person (an id from people), and a deputy for when they are away or leave.
    owner: alex
    deputy: sam
    # Why you are in contact: threat-alerts, vulnerability-advisories, best-practice,
    # peer-discussion, regulatory-horizon, training.
    purposes: [threat-alerts, vulnerability-advisories]
    # What the group covers, matched against the organisation profile.
    topics:
      sectors: [software]
      riskThemes: [ransomware, supply-chain]
    # Why it matters to you, in a sentence or two: auditors read this.
    relevance: The UK national CERT; its alerts and advisories are our earliest warning of campaigns against UK organisations.
    # What flows in each direction.
    informationExchanged: We receive threat reports and advisories; we report incidents to it.
    # How often you expect to hear from it: daily, weekly, monthly, quarterly, yearly.
    expectedCadence: weekly
    # How its information reaches the team.
    flow: The owner reads the weekly threat report and posts what matters in #security.
    # The membership or subscription: prospective, active, lapsed or ended. A group added
    # recently (since) is not expected to show activity or a review until its first is due.
    membership:
      status: active
      since: ${today}

  # A technical forum: best practice and training for what you build.
  - id: owasp
    name: OWASP Foundation
    kind: technical-forum
    url: https://owasp.org/
    owner: sam
    deputy: alex
    purposes: [best-practice, training]
    topics:
      sectors: [software]
      technologies: [web-applications]
      riskThemes: [supply-chain]
    relevance: Secure-development guidance (Top 10, ASVS, cheat sheets) for the web applications we build.
    expectedCadence: monthly
    flow: Sam brings new guidance to the fortnightly engineering meeting.
    membership:
      status: active
      since: ${today}

  # A vendor bulletin: security advisories for a product in your stack.
  - id: aws-security-bulletins
    name: AWS Security Bulletins
    kind: vendor-bulletin
    url: https://aws.amazon.com/security/security-bulletins/
    owner: sam
    deputy: alex
    purposes: [vulnerability-advisories]
    topics:
      technologies: [aws]
    relevance: Advisories for the cloud platform all our production systems run on.
    expectedCadence: weekly
    # Feeds the group publishes (rss, atom, json-feed, cisa-kev or other).
    feeds:
      - url: https://aws.amazon.com/security/security-bulletins/rss/feed/
        format: rss
    membership:
      status: active
      since: ${today}

  # No professional body yet: "sigreg check" reports it as a coverage-gap observation.
  # Add one (ISACA, ISC2, BCS, a national association) with kind: professional-body.

# Evidence of engagement: what someone received, attended, asked or shared, and what was done
# about it. Types: alert-received, newsletter, event-attended, meeting, question-asked,
# intel-shared, training, contribution.
activities:
  - group: ncsc-uk
    date: ${today}
    type: newsletter
    by: alex
    summary: Weekly threat report; ransomware guidance relevant to our backups.
    # Actions close the loop from information to improvement: ticket, risk-update,
    # control-change, awareness, incident-prep or no-action.
    actions:
      - type: awareness
        ref: SEC-1
        on: ${today}
        note: Shared the ransomware guidance with the engineering team.

# Alerts that need triage (state new, triaged, actioned or dismissed). For example:
#   - id: aws-2026-001
#     group: aws-security-bulletins
#     title: Issue affecting a service we use
#     received: ${today}
#     severity: high            # critical, high, medium, low or info
#     state: triaged
#     triagedBy: sam
#     triagedOn: ${today}
#     sharedTo:
#       - { channel: "#security", on: ${today} }
#     actions:
#       - { type: ticket, ref: SEC-2 }
alerts: []

# Reviews of the register: scope "all", or a list of group ids. Review the whole register at
# least every policy.registerReviewDays (90), and every group every groupReviewDays (365).
reviews:
  - date: ${today}
    reviewer: alex
    scope: all
    notes: Register set up; groups, owners and relevance agreed.
    # Decisions per group: keep, retire, change-owner or change-cadence.
    decisions:
      - group: ncsc-uk
        decision: keep

# Thresholds of the rules, with their defaults; uncomment to change them.
# policy:
#   registerReviewDays: 90    # review the whole register at least this often
#   dueSoonDays: 14           # a review due within this many days is "due-soon"
#   groupReviewDays: 365      # review each group at least this often
#   dormantAfterDays: 180     # a group silent this long is dormant
#   feedFailuresBeforeBroken: 3  # a feed failing this many fetches in a row is broken
#   feedBrokenAfterDays: 7    # …or failing with no successful fetch for this many days
#   ownerActivityDays: 90     # each owner records some activity this often
#   triageWithinDays: 5       # triage new alerts within this many days
#   loopWindowDays: 90        # information in this window should lead to an action
#   minRelevance: 30          # groups scoring below this are flagged
#   maxGroupsPerOwner: 10
#   rules:                    # per-rule overrides; "sigreg rules" lists the ids
#     group-low-relevance: { severity: observation }
#     coverage-gap: { enabled: false }
`;
}

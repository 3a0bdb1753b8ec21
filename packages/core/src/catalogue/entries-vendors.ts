import { type CatalogueSource, seenInCode } from "./types.js";

const BULLETIN = ["vulnerability-advisories"] as const;

/** Vendors' security bulletins and advisory databases. @internal */
export const VENDOR_ENTRIES: readonly CatalogueSource[] = [
  {
    group: {
      id: "aws-security-bulletins",
      name: "AWS Security Bulletins",
      kind: "vendor-bulletin",
      url: "https://aws.amazon.com/security/security-bulletins/",
      purposes: [...BULLETIN],
      topics: { technologies: ["aws"], riskThemes: ["cloud-security"] },
      feeds: [
        { url: "https://aws.amazon.com/security/security-bulletins/rss/feed/", format: "rss" },
      ],
    },
    verifiedBy: [
      seenInCode(
        "https://aws.amazon.com/security/security-bulletins/",
        "https://aws.amazon.com/security/security-bulletins",
      ),
      seenInCode(
        "https://aws.amazon.com/security/security-bulletins/rss/feed/",
        "aws.amazon.com/security/security-bulletins/rss",
      ),
    ],
  },
  {
    group: {
      id: "msrc",
      name: "Microsoft Security Response Center (Security Update Guide)",
      kind: "vendor-bulletin",
      url: "https://msrc.microsoft.com/update-guide",
      purposes: [...BULLETIN],
      topics: {
        technologies: ["microsoft", "azure", "microsoft-365", "windows"],
        riskThemes: ["patch-management"],
      },
      feeds: [{ url: "https://api.msrc.microsoft.com/update-guide/rss", format: "rss" }],
    },
    verifiedBy: [
      seenInCode("https://msrc.microsoft.com/update-guide", "msrc.microsoft.com/update-guide"),
      seenInCode("https://api.msrc.microsoft.com/update-guide/rss"),
    ],
  },
  {
    group: {
      id: "google-cloud-bulletins",
      name: "Google Cloud security bulletins",
      kind: "vendor-bulletin",
      url: "https://cloud.google.com/support/bulletins",
      purposes: [...BULLETIN],
      topics: { technologies: ["google-cloud", "kubernetes/gke"], riskThemes: ["cloud-security"] },
      feeds: [{ url: "https://cloud.google.com/feeds/gcp-security-bulletins.xml", format: "rss" }],
    },
    verifiedBy: [
      seenInCode(
        "https://cloud.google.com/support/bulletins",
        "cloud.google.com/support/bulletins",
      ),
      seenInCode(
        "https://cloud.google.com/feeds/gcp-security-bulletins.xml",
        "gcp-security-bulletins.xml",
      ),
    ],
  },
  {
    group: {
      id: "cisco-psirt",
      name: "Cisco Security Advisories (PSIRT)",
      kind: "vendor-bulletin",
      url: "https://sec.cloudapps.cisco.com/security/center/publicationListing.x",
      purposes: [...BULLETIN],
      topics: { technologies: ["cisco"], riskThemes: ["network-devices", "edge-devices"] },
      feeds: [
        {
          url: "https://sec.cloudapps.cisco.com/security/center/psirtrss20/CiscoSecurityAdvisory.xml",
          format: "rss",
        },
      ],
    },
    verifiedBy: [
      seenInCode(
        "https://sec.cloudapps.cisco.com/security/center/publicationListing.x",
        "security/center/publicationListing.x",
      ),
      seenInCode(
        "https://sec.cloudapps.cisco.com/security/center/psirtrss20/CiscoSecurityAdvisory.xml",
        "CiscoSecurityAdvisory.xml",
      ),
    ],
  },
  {
    group: {
      id: "github-advisories",
      name: "GitHub Advisory Database",
      kind: "vendor-bulletin",
      url: "https://github.com/advisories",
      purposes: [...BULLETIN],
      topics: {
        technologies: ["github", "open-source", "npm", "python", "javascript", "go"],
        riskThemes: ["supply-chain", "vulnerable-dependencies"],
      },
    },
    verifiedBy: [seenInCode("https://github.com/advisories")],
  },
  {
    group: {
      id: "apple-security-releases",
      name: "Apple security releases",
      kind: "vendor-bulletin",
      url: "https://support.apple.com/en-us/100100",
      purposes: [...BULLETIN],
      topics: { technologies: ["apple", "macos", "ios"], riskThemes: ["patch-management"] },
    },
    verifiedBy: [
      seenInCode("https://support.apple.com/en-us/100100", "support.apple.com/en-us/100100"),
    ],
  },
  {
    group: {
      id: "oracle-security-alerts",
      name: "Oracle Critical Patch Updates and Security Alerts",
      kind: "vendor-bulletin",
      url: "https://www.oracle.com/security-alerts/",
      purposes: [...BULLETIN],
      topics: { technologies: ["oracle", "java", "mysql"], riskThemes: ["patch-management"] },
      feeds: [
        {
          url: "https://www.oracle.com/ocom/groups/public/@otn/documents/webcontent/rss-otn-sec.xml",
          format: "rss",
        },
      ],
    },
    verifiedBy: [
      seenInCode("https://www.oracle.com/security-alerts/", "oracle.com/security-alerts/"),
      seenInCode(
        "https://www.oracle.com/ocom/groups/public/@otn/documents/webcontent/rss-otn-sec.xml",
        "rss-otn-sec.xml",
      ),
    ],
  },
  {
    group: {
      id: "red-hat-security",
      name: "Red Hat Product Security (security advisories and CVE database)",
      kind: "vendor-bulletin",
      url: "https://access.redhat.com/security/",
      purposes: [...BULLETIN],
      topics: { technologies: ["red-hat", "linux", "openshift"], riskThemes: ["patch-management"] },
    },
    verifiedBy: [seenInCode("https://access.redhat.com/security/", "access.redhat.com/security/")],
  },
  {
    group: {
      id: "postgresql-security",
      name: "PostgreSQL security information",
      kind: "vendor-bulletin",
      url: "https://www.postgresql.org/support/security/",
      purposes: [...BULLETIN],
      topics: { technologies: ["postgresql"], riskThemes: ["patch-management"] },
      // The project's news feed, where security releases are announced.
      feeds: [{ url: "https://www.postgresql.org/news.rss", format: "rss" }],
    },
    verifiedBy: [
      seenInCode("https://www.postgresql.org/support/security/", "postgresql.org/support/security"),
      seenInCode("https://www.postgresql.org/news.rss", "postgresql.org/news.rss"),
    ],
  },
  {
    group: {
      id: "palo-alto-psirt",
      name: "Palo Alto Networks Security Advisories",
      kind: "vendor-bulletin",
      url: "https://security.paloaltonetworks.com/",
      purposes: [...BULLETIN],
      topics: { technologies: ["palo-alto-networks"], riskThemes: ["edge-devices"] },
      feeds: [{ url: "https://security.paloaltonetworks.com/rss.xml", format: "rss" }],
    },
    verifiedBy: [
      seenInCode(
        "https://security.paloaltonetworks.com/",
        '"https://security.paloaltonetworks.com/"',
      ),
      seenInCode("https://security.paloaltonetworks.com/rss.xml"),
    ],
  },
  {
    group: {
      id: "fortinet-psirt",
      name: "Fortinet PSIRT advisories (FortiGuard Labs)",
      kind: "vendor-bulletin",
      url: "https://www.fortiguard.com/psirt",
      purposes: [...BULLETIN],
      topics: { technologies: ["fortinet"], riskThemes: ["edge-devices"] },
      feeds: [{ url: "https://filestore.fortinet.com/fortiguard/rss/ir.xml", format: "rss" }],
    },
    verifiedBy: [
      seenInCode("https://www.fortiguard.com/psirt", "fortiguard.com/psirt"),
      seenInCode("https://filestore.fortinet.com/fortiguard/rss/ir.xml", "fortiguard/rss/ir.xml"),
    ],
  },
];

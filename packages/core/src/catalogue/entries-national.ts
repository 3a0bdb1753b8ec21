import { type CatalogueSource, seenInCode, seenOnPage } from "./types.js";

const ALERTS = ["threat-alerts", "vulnerability-advisories", "best-practice"] as const;
const NATIONAL_RISKS = ["ransomware", "supply-chain", "phishing", "vulnerabilities"];

/** National and regional CERTs and cyber security agencies. @internal */
export const NATIONAL_ENTRIES: readonly CatalogueSource[] = [
  {
    group: {
      id: "cisa",
      name: "CISA (US Cybersecurity and Infrastructure Security Agency)",
      kind: "government-cert",
      url: "https://www.cisa.gov/",
      jurisdictions: ["US"],
      purposes: [...ALERTS],
      topics: { sectors: ["critical-infrastructure"], riskThemes: [...NATIONAL_RISKS] },
      feeds: [
        { url: "https://www.cisa.gov/cybersecurity-advisories/all.xml", format: "rss" },
        {
          url: "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json",
          format: "cisa-kev",
        },
      ],
    },
    verifiedBy: [
      seenInCode("https://www.cisa.gov/", "https://www.cisa.gov/cybersecurity-advisories/all.xml"),
      seenInCode("https://www.cisa.gov/cybersecurity-advisories/all.xml"),
      seenInCode(
        "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json",
        "known_exploited_vulnerabilities.json",
      ),
    ],
  },
  {
    group: {
      id: "ncsc-uk",
      name: "NCSC UK (National Cyber Security Centre)",
      kind: "government-cert",
      url: "https://www.ncsc.gov.uk/",
      jurisdictions: ["GB"],
      purposes: [...ALERTS],
      topics: { riskThemes: [...NATIONAL_RISKS] },
      feeds: [{ url: "https://www.ncsc.gov.uk/api/1/services/v1/all-rss-feed.xml", format: "rss" }],
    },
    verifiedBy: [
      seenInCode("https://www.ncsc.gov.uk/", "ncsc.gov.uk/api/1/services/v1"),
      seenInCode(
        "https://www.ncsc.gov.uk/api/1/services/v1/all-rss-feed.xml",
        "ncsc.gov.uk/api/1/services/v1",
      ),
    ],
  },
  {
    group: {
      id: "bsi",
      name: "BSI (Bundesamt für Sicherheit in der Informationstechnik) and CERT-Bund",
      kind: "government-cert",
      url: "https://www.bsi.bund.de/",
      jurisdictions: ["DE"],
      purposes: [...ALERTS, "regulatory-horizon"],
      topics: { regulations: ["nis2"], riskThemes: [...NATIONAL_RISKS] },
      feeds: [
        {
          url: "https://www.bsi.bund.de/SiteGlobals/Functions/RSSFeed/RSSNewsfeed/RSSNewsfeed.xml",
          format: "rss",
        },
      ],
    },
    verifiedBy: [
      seenInCode("https://www.bsi.bund.de/", "bsi.bund.de/SiteGlobals/Functions/RSSFeed"),
      seenInCode(
        "https://www.bsi.bund.de/SiteGlobals/Functions/RSSFeed/RSSNewsfeed/RSSNewsfeed.xml",
        "bsi.bund.de/SiteGlobals/Functions/RSSFeed",
      ),
    ],
  },
  {
    group: {
      id: "anssi-cert-fr",
      name: "ANSSI and CERT-FR (France)",
      kind: "government-cert",
      url: "https://cyber.gouv.fr/",
      jurisdictions: ["FR"],
      purposes: [...ALERTS],
      topics: { regulations: ["nis2"], riskThemes: [...NATIONAL_RISKS] },
      feeds: [{ url: "https://www.cert.ssi.gouv.fr/feed/", format: "rss" }],
    },
    verifiedBy: [
      seenInCode("https://cyber.gouv.fr/", "https://cyber.gouv.fr"),
      seenInCode("https://www.cert.ssi.gouv.fr/feed/", "cert.ssi.gouv.fr/feed"),
      seenOnPage("https://www.cert.ssi.gouv.fr/feed/", "https://cert.ssi.gouv.fr/signalements"),
    ],
  },
  {
    group: {
      id: "cert-eu",
      name: "CERT-EU (Cybersecurity Service for the Union institutions, bodies, offices and agencies)",
      kind: "government-cert",
      url: "https://cert.europa.eu/",
      // Its constituency is the Union entities, not the member states' organisations; its public
      // advisories are read by anyone, so it names no jurisdiction.
      purposes: ["threat-alerts", "vulnerability-advisories"],
      topics: { sectors: ["public-sector"], riskThemes: [...NATIONAL_RISKS] },
      feeds: [
        { url: "https://cert.europa.eu/publications/security-advisories-rss", format: "rss" },
      ],
    },
    verifiedBy: [
      seenInCode("https://cert.europa.eu/", "cert.europa.eu/publications"),
      seenInCode(
        "https://cert.europa.eu/publications/security-advisories-rss",
        "europa.eu/publications/security-advisories-rss",
      ),
    ],
  },
  {
    group: {
      id: "enisa",
      name: "ENISA (European Union Agency for Cybersecurity)",
      kind: "other",
      url: "https://www.enisa.europa.eu/",
      jurisdictions: ["EU"],
      purposes: ["best-practice", "regulatory-horizon", "vulnerability-advisories"],
      topics: {
        regulations: ["nis2", "cyber-resilience-act", "eu-ai-act"],
        riskThemes: ["threat-landscape", "supply-chain"],
      },
    },
    verifiedBy: [seenInCode("https://www.enisa.europa.eu/", "enisa.europa.eu")],
  },
  {
    group: {
      id: "cccs",
      name: "Canadian Centre for Cyber Security (Cyber Centre)",
      kind: "government-cert",
      url: "https://www.cyber.gc.ca/en",
      jurisdictions: ["CA"],
      purposes: [...ALERTS],
      topics: { riskThemes: [...NATIONAL_RISKS] },
      feeds: [
        {
          url: "https://www.cyber.gc.ca/api/cccs/rss/v1/get?feed=alerts_advisories&lang=en",
          format: "rss",
        },
      ],
    },
    verifiedBy: [
      seenInCode("https://www.cyber.gc.ca/en", "https://www.cyber.gc.ca/en"),
      seenInCode(
        "https://www.cyber.gc.ca/api/cccs/rss/v1/get?feed=alerts_advisories&lang=en",
        "cyber.gc.ca/api/cccs/rss",
      ),
    ],
  },
  {
    group: {
      id: "acsc",
      name: "ASD's ACSC (Australian Cyber Security Centre)",
      kind: "government-cert",
      url: "https://www.cyber.gov.au/",
      jurisdictions: ["AU"],
      purposes: [...ALERTS],
      topics: { riskThemes: [...NATIONAL_RISKS] },
      feeds: [{ url: "https://www.cyber.gov.au/rss/alerts", format: "rss" }],
    },
    verifiedBy: [
      seenOnPage("https://www.cyber.gov.au/", "https://www.cyber.gov.au/threats"),
      seenInCode("https://www.cyber.gov.au/rss/alerts", "cyber.gov.au/rss"),
    ],
  },
  {
    group: {
      id: "jpcert-cc",
      name: "JPCERT/CC (Japan Computer Emergency Response Team Coordination Center)",
      kind: "government-cert",
      url: "https://www.jpcert.or.jp/english/",
      jurisdictions: ["JP"],
      purposes: [...ALERTS],
      topics: { riskThemes: [...NATIONAL_RISKS] },
      feeds: [{ url: "https://www.jpcert.or.jp/english/rss/jpcert-en.rdf", format: "rss" }],
    },
    verifiedBy: [
      seenInCode("https://www.jpcert.or.jp/english/"),
      seenInCode("https://www.jpcert.or.jp/english/rss/jpcert-en.rdf", "jpcert.or.jp/english/rss"),
    ],
  },
  {
    group: {
      id: "ncsc-nz",
      name: "NCSC New Zealand (formerly CERT NZ)",
      kind: "government-cert",
      url: "https://www.ncsc.govt.nz/",
      jurisdictions: ["NZ"],
      purposes: [...ALERTS],
      topics: { riskThemes: [...NATIONAL_RISKS] },
    },
    verifiedBy: [seenInCode("https://www.ncsc.govt.nz/", "ncsc.govt.nz")],
  },
  {
    group: {
      id: "ncsc-nl",
      name: "NCSC-NL (Nationaal Cyber Security Centrum, Netherlands)",
      kind: "government-cert",
      url: "https://www.ncsc.nl/",
      jurisdictions: ["NL"],
      purposes: [...ALERTS],
      topics: { regulations: ["nis2"], riskThemes: [...NATIONAL_RISKS] },
      feeds: [{ url: "https://advisories.ncsc.nl/rss/advisories", format: "rss" }],
    },
    verifiedBy: [
      seenInCode("https://www.ncsc.nl/", "https://www.ncsc.nl"),
      seenInCode("https://advisories.ncsc.nl/rss/advisories", "advisories.ncsc.nl/rss"),
    ],
  },
];

import { type CatalogueSource, seenInCode, seenOnPage } from "./types.js";

const SHARING = ["threat-alerts", "peer-discussion", "best-practice"] as const;

/** Sector information sharing and analysis centres (membership-based). @internal */
export const ISAC_ENTRIES: readonly CatalogueSource[] = [
  {
    group: {
      id: "fs-isac",
      name: "FS-ISAC (Financial Services Information Sharing and Analysis Center)",
      kind: "isac",
      url: "https://www.fsisac.com/",
      purposes: [...SHARING],
      topics: {
        sectors: ["finance", "financial-services", "banking", "insurance", "payments"],
        regulations: ["dora"],
        riskThemes: ["fraud", "ransomware", "ddos", "third-party-risk"],
      },
    },
    verifiedBy: [
      seenInCode("https://www.fsisac.com/", "https://www.fsisac.com"),
      seenOnPage("https://www.fsisac.com/", "https://www.fsisac.com/faqs"),
    ],
  },
  {
    group: {
      id: "health-isac",
      name: "Health-ISAC (Health Information Sharing and Analysis Center)",
      kind: "isac",
      url: "https://health-isac.org/",
      purposes: [...SHARING],
      topics: {
        sectors: ["health", "healthcare", "life-sciences", "medical-devices"],
        regulations: ["hipaa"],
        riskThemes: ["ransomware", "medical-device-security"],
      },
      feeds: [{ url: "https://health-isac.org/feed/", format: "rss" }],
    },
    verifiedBy: [
      seenInCode("https://health-isac.org/", "https://health-isac.org"),
      seenInCode("https://health-isac.org/feed/", "health-isac.org/feed"),
    ],
  },
  {
    group: {
      id: "it-isac",
      name: "IT-ISAC (Information Technology Information Sharing and Analysis Center)",
      kind: "isac",
      url: "https://www.it-isac.org/",
      jurisdictions: ["US"],
      purposes: [...SHARING],
      topics: {
        sectors: ["information-technology", "software", "technology"],
        riskThemes: ["supply-chain", "ransomware", "insider-threat"],
      },
    },
    verifiedBy: [seenInCode("https://www.it-isac.org/", "https://www.it-isac.org")],
  },
  {
    group: {
      id: "e-isac",
      name: "E-ISAC (Electricity Information Sharing and Analysis Center, NERC)",
      kind: "isac",
      url: "https://www.eisac.com/",
      jurisdictions: ["US", "CA"],
      purposes: [...SHARING],
      topics: {
        sectors: ["energy", "electricity", "utilities"],
        technologies: ["ics", "scada"],
        riskThemes: ["ot-security", "grid-attacks"],
      },
    },
    verifiedBy: [seenInCode("https://www.eisac.com/", "https://www.eisac.com")],
  },
  {
    group: {
      id: "ms-isac",
      name: "MS-ISAC (Multi-State Information Sharing and Analysis Center, CIS)",
      kind: "isac",
      url: "https://www.cisecurity.org/ms-isac",
      jurisdictions: ["US"],
      purposes: [...SHARING, "vulnerability-advisories"],
      topics: {
        sectors: ["public-sector", "government", "local-government", "elections"],
        riskThemes: ["ransomware", "ddos"],
      },
    },
    verifiedBy: [seenInCode("https://www.cisecurity.org/ms-isac", "cisecurity.org/ms-isac")],
  },
  {
    group: {
      id: "auto-isac",
      name: "Auto-ISAC (Automotive Information Sharing and Analysis Center)",
      kind: "isac",
      url: "https://automotiveisac.com/",
      purposes: [...SHARING],
      topics: {
        sectors: ["automotive", "transport"],
        technologies: ["connected-vehicles"],
        riskThemes: ["supply-chain", "vehicle-security"],
      },
    },
    verifiedBy: [seenInCode("https://automotiveisac.com/", "automotiveisac.com")],
  },
  {
    group: {
      id: "ren-isac",
      name: "REN-ISAC (Research and Education Networks ISAC)",
      kind: "isac",
      url: "https://www.ren-isac.net/",
      jurisdictions: ["US"],
      purposes: [...SHARING],
      topics: {
        sectors: ["education", "higher-education", "research"],
        riskThemes: ["phishing", "ransomware", "credential-theft"],
      },
    },
    verifiedBy: [seenInCode("https://www.ren-isac.net/", "https://www.ren-isac.net")],
  },
  {
    group: {
      id: "rh-isac",
      name: "RH-ISAC (Retail and Hospitality ISAC)",
      kind: "isac",
      url: "https://rhisac.org/",
      purposes: [...SHARING],
      topics: {
        sectors: ["retail", "hospitality", "e-commerce"],
        regulations: ["pci-dss"],
        riskThemes: ["fraud", "ransomware", "payment-card-theft"],
      },
    },
    verifiedBy: [seenInCode("https://rhisac.org/", "https://rhisac.org")],
  },
  {
    group: {
      id: "ee-isac",
      name: "EE-ISAC (European Energy Information Sharing and Analysis Centre)",
      kind: "isac",
      url: "https://www.ee-isac.eu/",
      jurisdictions: ["EU"],
      purposes: [...SHARING],
      topics: {
        sectors: ["energy", "electricity", "utilities"],
        technologies: ["ics", "scada"],
        regulations: ["nis2"],
        riskThemes: ["ot-security"],
      },
    },
    verifiedBy: [seenInCode("https://www.ee-isac.eu/", "https://www.ee-isac.eu")],
  },
];

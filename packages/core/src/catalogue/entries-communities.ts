import { type CatalogueSource, seenInCode, seenOnPage } from "./types.js";

const AI_RISKS = ["prompt-injection", "data-poisoning", "model-theft", "supply-chain"];

/** Technical forums, research communities, standards programmes and professional bodies. @internal */
export const COMMUNITY_ENTRIES: readonly CatalogueSource[] = [
  {
    group: {
      id: "owasp",
      name: "OWASP (Open Worldwide Application Security Project)",
      kind: "technical-forum",
      url: "https://owasp.org/",
      purposes: ["best-practice", "peer-discussion", "training"],
      topics: {
        sectors: ["software"],
        technologies: ["web-applications", "apis"],
        riskThemes: ["application-security", "supply-chain", "injection"],
      },
    },
    verifiedBy: [seenInCode("https://owasp.org/")],
  },
  {
    group: {
      id: "owasp-genai",
      name: "OWASP GenAI Security Project (OWASP Top 10 for LLM Applications)",
      kind: "technical-forum",
      url: "https://genai.owasp.org/",
      purposes: ["best-practice", "peer-discussion"],
      topics: {
        sectors: ["artificial-intelligence", "ai", "software"],
        technologies: ["llms", "generative-ai", "ai-agents"],
        riskThemes: [...AI_RISKS, "excessive-agency"],
      },
      feeds: [{ url: "https://genai.owasp.org/feed/", format: "rss" }],
    },
    verifiedBy: [
      seenInCode("https://genai.owasp.org/feed/", "genai.owasp.org/feed"),
      seenInCode("https://genai.owasp.org/", "https://genai.owasp.org"),
      seenOnPage("https://genai.owasp.org/", "https://securie.ai/glossary/owasp-llm-top-10"),
    ],
  },
  {
    group: {
      id: "mitre-atlas",
      name: "MITRE ATLAS (Adversarial Threat Landscape for Artificial-Intelligence Systems)",
      kind: "research-community",
      url: "https://atlas.mitre.org/",
      purposes: ["threat-alerts", "best-practice"],
      topics: {
        sectors: ["artificial-intelligence", "ai"],
        technologies: ["llms", "machine-learning"],
        riskThemes: [...AI_RISKS, "adversarial-ml", "model-evasion"],
      },
      // Releases of the ATLAS data (tactics, techniques, case studies) on GitHub.
      feeds: [{ url: "https://github.com/mitre-atlas/atlas-data/releases.atom", format: "atom" }],
    },
    verifiedBy: [
      seenInCode("https://atlas.mitre.org/", "https://atlas.mitre.org"),
      seenInCode(
        "https://github.com/mitre-atlas/atlas-data/releases.atom",
        "atlas-data/releases.atom",
      ),
    ],
  },
  {
    group: {
      id: "mitre-attack",
      name: "MITRE ATT&CK",
      kind: "research-community",
      url: "https://attack.mitre.org/",
      purposes: ["best-practice", "threat-alerts"],
      topics: { riskThemes: ["threat-intelligence", "ransomware", "apt"] },
    },
    verifiedBy: [seenInCode("https://attack.mitre.org/")],
  },
  {
    group: {
      id: "cve-program",
      name: "CVE Program",
      kind: "standards-body",
      url: "https://www.cve.org/",
      purposes: ["vulnerability-advisories"],
      topics: { riskThemes: ["vulnerabilities"] },
    },
    verifiedBy: [seenInCode("https://www.cve.org/")],
  },
  {
    group: {
      id: "first",
      name: "FIRST (Forum of Incident Response and Security Teams)",
      kind: "technical-forum",
      url: "https://www.first.org/",
      purposes: ["peer-discussion", "best-practice", "training"],
      topics: { riskThemes: ["incident-response", "vulnerabilities"] },
    },
    verifiedBy: [seenInCode("https://www.first.org/")],
  },
  {
    group: {
      id: "sans-isc",
      name: "SANS Internet Storm Center",
      kind: "research-community",
      url: "https://isc.sans.edu/",
      purposes: ["threat-alerts", "vulnerability-advisories"],
      topics: { riskThemes: ["threat-intelligence", "phishing", "malware", "vulnerabilities"] },
      feeds: [{ url: "https://isc.sans.edu/rssfeed.xml", format: "rss" }],
    },
    verifiedBy: [
      seenInCode("https://isc.sans.edu/", "isc.sans.edu/"),
      seenOnPage("https://isc.sans.edu/", "http://isc.sans.edu/handlerroadmap.html"),
      seenInCode("https://isc.sans.edu/rssfeed.xml", "isc.sans.edu/rssfeed"),
    ],
  },
  {
    group: {
      id: "openssf",
      name: "OpenSSF (Open Source Security Foundation)",
      kind: "technical-forum",
      url: "https://openssf.org/",
      purposes: ["best-practice", "peer-discussion"],
      topics: {
        sectors: ["software"],
        technologies: ["open-source", "github"],
        riskThemes: ["supply-chain"],
      },
      feeds: [{ url: "https://openssf.org/feed/", format: "rss" }],
    },
    verifiedBy: [
      seenInCode("https://openssf.org/", "https://openssf.org"),
      seenInCode("https://openssf.org/feed/", "openssf.org/feed"),
    ],
  },
  {
    group: {
      id: "cosai",
      name: "CoSAI (Coalition for Secure AI, an OASIS Open Project)",
      kind: "technical-forum",
      url: "https://www.coalitionforsecureai.org/",
      purposes: ["best-practice", "peer-discussion"],
      topics: {
        sectors: ["artificial-intelligence", "ai"],
        technologies: ["llms", "ai-agents"],
        riskThemes: [...AI_RISKS],
      },
    },
    verifiedBy: [seenInCode("https://www.coalitionforsecureai.org/", "coalitionforsecureai.org")],
  },
  {
    group: {
      id: "kubernetes-security",
      name: "Kubernetes Security Announcements (SIG Security, official CVE feed)",
      kind: "technical-forum",
      url: "https://kubernetes.io/docs/reference/issues-security/",
      purposes: ["vulnerability-advisories"],
      topics: { technologies: ["kubernetes"], riskThemes: ["supply-chain", "container-security"] },
      feeds: [
        {
          url: "https://kubernetes.io/docs/reference/issues-security/official-cve-feed/index.json",
          format: "json-feed",
        },
      ],
    },
    verifiedBy: [
      seenInCode(
        "https://kubernetes.io/docs/reference/issues-security/",
        "kubernetes.io/docs/reference/issues-security/",
      ),
      seenInCode(
        "https://kubernetes.io/docs/reference/issues-security/official-cve-feed/index.json",
        "official-cve-feed/index.json",
      ),
    ],
  },
  {
    group: {
      id: "pytorch-security",
      name: "PyTorch security advisories",
      kind: "technical-forum",
      url: "https://github.com/pytorch/pytorch/security",
      purposes: ["vulnerability-advisories"],
      topics: {
        sectors: ["artificial-intelligence", "ai"],
        technologies: ["pytorch", "python", "machine-learning"],
        riskThemes: ["supply-chain", "model-deserialisation"],
      },
    },
    verifiedBy: [
      seenInCode(
        "https://github.com/pytorch/pytorch/security",
        "github.com/pytorch/pytorch/security",
      ),
      seenOnPage(
        "https://github.com/pytorch/pytorch/security",
        "http://www.github.com/pytorch/pytorch/blob/main/SECURITY.md",
      ),
    ],
  },
  {
    group: {
      id: "isaca",
      name: "ISACA",
      kind: "professional-body",
      url: "https://www.isaca.org/",
      purposes: ["training", "best-practice", "peer-discussion"],
      topics: {
        regulations: ["iso-27001", "cobit"],
        riskThemes: ["governance", "audit", "risk-management"],
      },
    },
    verifiedBy: [seenInCode("https://www.isaca.org/", "https://www.isaca.org")],
  },
  {
    group: {
      id: "isc2",
      name: "ISC2",
      kind: "professional-body",
      url: "https://www.isc2.org/",
      purposes: ["training", "best-practice", "peer-discussion"],
      topics: { riskThemes: ["security-workforce", "cloud-security"] },
    },
    verifiedBy: [seenInCode("https://www.isc2.org/", "https://www.isc2.org")],
  },
  {
    group: {
      id: "issa",
      name: "ISSA (Information Systems Security Association)",
      kind: "professional-body",
      url: "https://www.issa.org/",
      purposes: ["peer-discussion", "training"],
      topics: { riskThemes: ["security-workforce"] },
    },
    verifiedBy: [seenInCode("https://www.issa.org/", "https://www.issa.org")],
  },
  {
    group: {
      id: "cloud-security-alliance",
      name: "Cloud Security Alliance (CSA)",
      kind: "professional-body",
      url: "https://cloudsecurityalliance.org/",
      purposes: ["best-practice", "training", "peer-discussion"],
      topics: {
        technologies: ["cloud-computing", "saas", "llms"],
        regulations: ["iso-27001", "iso-42001"],
        riskThemes: ["cloud-security", "ai-security"],
      },
      feeds: [{ url: "https://cloudsecurityalliance.org/blog/feed/", format: "rss" }],
    },
    verifiedBy: [
      seenInCode("https://cloudsecurityalliance.org/"),
      seenInCode(
        "https://cloudsecurityalliance.org/blog/feed/",
        "cloudsecurityalliance.org/blog/feed",
      ),
    ],
  },
  {
    group: {
      id: "ciisec",
      name: "CIISec (Chartered Institute of Information Security)",
      kind: "professional-body",
      url: "https://www.ciisec.org/",
      jurisdictions: ["GB"],
      purposes: ["training", "peer-discussion"],
      topics: { riskThemes: ["security-workforce"] },
    },
    verifiedBy: [seenInCode("https://www.ciisec.org/", "https://www.ciisec.org")],
  },
];

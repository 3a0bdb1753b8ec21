/** Vocabularies the benchmark generator draws from: small, so that topics overlap and rules fire. */
import type { Action, Activity, Alert, GroupKind, GroupPurpose } from "@sigreg/core";

export const SECTORS = ["finance", "health", "energy", "retail", "public-sector", "telecom", "ai"];
export const TECHNOLOGIES = [
  "aws",
  "aws/lambda",
  "azure",
  "google-cloud",
  "kubernetes",
  "postgresql",
  "microsoft",
  "microsoft/exchange",
  "microsoft-365",
  "linux",
  "nodejs",
  "python",
  "github/actions",
  "huggingface",
  "llms",
];
export const REGULATIONS = ["gdpr", "dora", "nis2", "eu-ai-act", "iso-42001", "pci-dss", "hipaa"];
export const RISK_THEMES = [
  "ransomware",
  "supply-chain",
  "phishing",
  "data-poisoning",
  "model-theft",
  "insider-threat",
  "ddos",
];
export const JURISDICTIONS = ["GB", "DE", "FR", "NL", "IE", "US", "ES", "IT", "GB-SCT"];
export const KINDS: readonly (readonly [GroupKind, number])[] = [
  ["government-cert", 12],
  ["isac", 8],
  ["vendor-bulletin", 25],
  ["technical-forum", 15],
  ["professional-body", 8],
  ["research-community", 10],
  ["standards-body", 5],
  ["social-media", 10],
  ["authority", 1],
  ["other", 6],
];
export const PURPOSES: readonly GroupPurpose[] = [
  "threat-alerts",
  "vulnerability-advisories",
  "best-practice",
  "peer-discussion",
  "regulatory-horizon",
  "training",
];
export const ACTIVITY_KINDS: readonly (readonly [Activity["type"], number])[] = [
  ["alert-received", 30],
  ["newsletter", 30],
  ["event-attended", 8],
  ["meeting", 10],
  ["question-asked", 6],
  ["intel-shared", 6],
  ["training", 5],
  ["contribution", 5],
];
export const ACTION_KINDS: readonly (readonly [Action["type"], number])[] = [
  ["ticket", 50],
  ["risk-update", 12],
  ["control-change", 10],
  ["awareness", 12],
  ["incident-prep", 4],
  ["no-action", 12],
];
export const SEVERITIES: readonly (readonly [Alert["severity"], number])[] = [
  ["critical", 8],
  ["high", 25],
  ["medium", 40],
  ["low", 20],
  ["info", 7],
];
export const FIRST = [
  "Ada",
  "Ben",
  "Chloé",
  "Dev",
  "Eva",
  "Farid",
  "Grace",
  "Hiro",
  "Ines",
  "Jonas",
];
export const LAST = ["Okafor", "Smith", "Müller", "Rossi", "Dubois", "Novak", "Tanaka", "Silva"];
export const ROLES = ["CISO", "Security engineer", "SOC analyst", "Risk manager", "IT operations"];
export const SUMMARIES = [
  "Monthly threat landscape briefing.",
  "Advisory on actively exploited edge-device vulnerabilities.",
  "Workshop on incident response playbooks.",
  "Peer discussion about phishing-resistant MFA rollout.",
  "Shared indicators from a ransomware campaign.",
];
export const TITLES = [
  "Critical RCE in VPN appliance",
  "Phishing campaign targeting finance staff",
  "Supply-chain compromise of a package registry",
  "Privilege escalation in container runtime",
  "Ransomware group shifts to data extortion",
  "Patch Tuesday summary",
];
export const CHANNELS = ["#sec-alerts", "#soc", "security-team@example.com", "weekly ops meeting"];
export const REASONS = ["Not in our estate.", "Duplicate of an earlier alert.", "Vendor not used."];
export const RELEVANCE = [
  "Primary national source of incident alerts for our jurisdiction.",
  "Covers the cloud platform that hosts production.",
  "Sector peers share threat intelligence early.",
  "Best practice and training for the security team.",
];

// ---------------------------------------------------------------------------------------------
// Builders (keys in schema order; optional keys omitted, never set to undefined)

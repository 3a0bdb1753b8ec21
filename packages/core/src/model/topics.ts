import { z } from "zod";

/**
 * Well-known spellings of the same technology, mapped to one canonical token.
 * Keys and values are already in token form (lower-case, words joined by `-`). The object has no
 * prototype, so that looking up any word (`constructor`) finds only the aliases.
 */
export const TECHNOLOGY_ALIASES: Readonly<Record<string, string>> = Object.assign(
  Object.create(null) as Record<string, string>,
  {
    "amazon-web-services": "aws",
    amazon: "aws",
    "amazon-aws": "aws",
    "microsoft-azure": "azure",
    "ms-azure": "azure",
    gcp: "google-cloud",
    "google-cloud-platform": "google-cloud",
    k8s: "kubernetes",
    postgres: "postgresql",
    pg: "postgresql",
    "node.js": "nodejs",
    node: "nodejs",
    js: "javascript",
    ts: "typescript",
    py: "python",
    golang: "go",
    "github-actions": "github/actions",
    m365: "microsoft-365",
    o365: "microsoft-365",
    "office-365": "microsoft-365",
    "ms-365": "microsoft-365",
    msft: "microsoft",
    "hugging-face": "huggingface",
    llm: "llms",
    "large-language-models": "llms",
    "gen-ai": "generative-ai",
    genai: "generative-ai",
  },
);

/**
 * Normalises a topic to its token form: lower-case, trimmed, spaces and underscores as `-`.
 * @example toToken("  Financial Services ") // "financial-services"
 */
export function toToken(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "");
}

/**
 * Normalises a technology name: token form, then its canonical alias, for each `/`-separated part.
 * A technology may name a product under its vendor as `vendor/product` (`microsoft/exchange`).
 * @example normaliseTechnology("Amazon Web Services") // "aws"
 */
export function normaliseTechnology(value: string): string {
  const token = toToken(value);
  const whole = TECHNOLOGY_ALIASES[token];
  if (whole !== undefined) return whole;
  return token
    .split("/")
    .map((part) => TECHNOLOGY_ALIASES[part] ?? part)
    .join("/");
}

/**
 * Whether a topic a group covers matches a topic of the organisation: the same token, or the
 * organisation's is a product under the group's vendor (`aws` covers `aws/lambda`).
 */
export function topicMatches(organisationTopic: string, groupTopic: string): boolean {
  return (
    organisationTopic === groupTopic ||
    (organisationTopic.length > groupTopic.length &&
      organisationTopic.charCodeAt(groupTopic.length) === 47 && // "/", tested first: it is cheap
      organisationTopic.startsWith(groupTopic))
  );
}

const tokenSchema = z.string().trim().min(1, "expected a non-empty name").transform(toToken);

/** A list of topic tokens (sectors, regulations, risk themes), normalised and de-duplicated. */
export const tokenListSchema = z
  .array(tokenSchema)
  .transform((values) => [...new Set(values)])
  .describe("Names, normalised to lower-case tokens.");

/** A list of technologies, normalised through {@link TECHNOLOGY_ALIASES} and de-duplicated. */
export const technologyListSchema = z
  .array(z.string().trim().min(1, "expected a non-empty technology").transform(normaliseTechnology))
  .transform((values) => [...new Set(values)])
  .describe(
    "Technologies (vendor or vendor/product); aliases are normalised, e.g. amazon-web-services → aws.",
  );

/** The 249 officially assigned ISO 3166-1 alpha-2 codes. @internal */
export const ISO_3166_ALPHA2: ReadonlySet<string> = new Set(
  "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW".split(
    " ",
  ),
);

/**
 * Codes people write for a country whose ISO 3166-1 code is another (both are only "exceptionally
 * reserved" in ISO 3166-1): normalised as technology aliases are.
 */
export const JURISDICTION_ALIASES: Readonly<Record<string, string>> = { UK: "GB", EL: "GR" };

const JURISDICTION_EXPECTED = "expected an ISO 3166 code such as GB, DE or EU";

/**
 * ISO 3166-1 alpha-2 country codes (or ISO 3166-2 subdivisions such as `GB-SCT`), or `EU`;
 * upper-cased, `UK` read as `GB` and `EL` as `GR`. A code ISO 3166-1 does not assign (`ZZ`) is refused.
 */
export const jurisdictionListSchema = z
  .array(
    z
      .string()
      .trim()
      .regex(/^[A-Za-z]{2}(-[A-Za-z0-9]{1,3})?$/, JURISDICTION_EXPECTED)
      .transform((value, ctx) => {
        const upper = value.toUpperCase();
        const country = upper.slice(0, 2);
        const code = (JURISDICTION_ALIASES[country] ?? country) + upper.slice(2);
        if (country === "EU" ? upper.length === 2 : ISO_3166_ALPHA2.has(code.slice(0, 2)))
          return code;
        ctx.addIssue({
          code: "custom",
          message: `${JURISDICTION_EXPECTED}: "${value}" is not an assigned ISO 3166-1 country code${country === "EU" ? " (EU has no subdivisions)" : ""}`,
        });
        return z.NEVER;
      }),
  )
  .transform((values) => [...new Set(values)])
  .describe("ISO 3166-1 alpha-2 codes (or ISO 3166-2 subdivisions), or EU; UK is read as GB.");

/** Member states of the European Union: a body serving `EU` serves each of them. */
export const EU_MEMBER_STATES: ReadonlySet<string> = new Set(
  "AT BE BG HR CY CZ DK EE FI FR DE GR IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split(" "),
);

/** Whether a body serving `served` serves the organisation's jurisdiction `jurisdiction`. */
export function jurisdictionCovers(served: string, jurisdiction: string): boolean {
  if (served === jurisdiction) return true;
  if (served === "EU") return EU_MEMBER_STATES.has(jurisdiction.slice(0, 2));
  // A national body serves its subdivisions (GB covers GB-SCT).
  return jurisdiction.startsWith(`${served}-`);
}

/** The topics a group covers, matched against the organisation profile. */
export const topicsSchema = z
  .strictObject({
    sectors: tokenListSchema
      .default([])
      .describe("Sectors the group serves (finance, health, ai…)."),
    technologies: technologyListSchema.default([]).describe("Technologies the group covers."),
    regulations: tokenListSchema
      .default([])
      .describe("Regulations the group follows (dora, nis2…)."),
    riskThemes: tokenListSchema.default([]).describe("Risk themes (ransomware, data-poisoning…)."),
  })
  .describe("What the group covers.");
/** Topics a group covers. */
export type Topics = z.infer<typeof topicsSchema>;

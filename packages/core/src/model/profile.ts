import { z } from "zod";
import { textSchema } from "./common.js";
import { jurisdictionListSchema, technologyListSchema, tokenListSchema } from "./topics.js";

/** The organisation whose register this is: what makes a group relevant to it. */
export const organisationProfileSchema = z
  .strictObject({
    name: textSchema.describe("Organisation name."),
    sectors: tokenListSchema.default([]).describe("Sectors the organisation works in."),
    jurisdictions: jurisdictionListSchema
      .default([])
      .describe(
        "Where it operates: ISO 3166-1 alpha-2 codes (GB, DE) or ISO 3166-2 subdivisions (GB-SCT); UK is read as GB, EL as GR; an unassigned code is refused.",
      ),
    technologies: technologyListSchema
      .default([])
      .describe("Its tech stack: vendors and products."),
    regulations: tokenListSchema
      .default([])
      .describe("Regulations it is under: gdpr, dora, nis2, eu-ai-act, iso-42001, hipaa, pci-dss…"),
    riskThemes: tokenListSchema
      .default([])
      .describe("Risk themes it watches: ransomware, data-poisoning, model-theft, supply-chain…"),
  })
  .describe("The organisation profile.");
/** The organisation profile. */
export type OrganisationProfile = z.infer<typeof organisationProfileSchema>;

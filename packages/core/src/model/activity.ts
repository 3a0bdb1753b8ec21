import { z } from "zod";
import { dateSchema, idSchema, textSchema, urlSchema } from "./common.js";

/** What was done with a piece of information. */
export const ACTION_TYPES = [
  "ticket",
  "risk-update",
  "control-change",
  "awareness",
  "incident-prep",
  "no-action",
] as const;

/** An action taken because of an alert or an activity: the end of the feedback loop. */
export const actionSchema = z.strictObject({
  type: z.enum(ACTION_TYPES).describe("What was done."),
  ref: textSchema.optional().describe("Reference in the system of record (ticket key…)."),
  url: urlSchema.optional().describe("Link to the ticket, risk or change."),
  on: dateSchema.optional().describe("When the action was taken."),
  note: textSchema.optional().describe("Free-text note."),
});
/** An action. */
export type Action = z.infer<typeof actionSchema>;

/** Kinds of engagement with a group. */
export const ACTIVITY_TYPES = [
  "alert-received",
  "newsletter",
  "event-attended",
  "meeting",
  "question-asked",
  "intel-shared",
  "training",
  "contribution",
] as const;

/** Evidence of engagement with a group: what someone received, attended, asked or shared. */
export const activitySchema = z
  .strictObject({
    id: idSchema.optional().describe("Optional id (a source id makes re-ingestion idempotent)."),
    group: idSchema.describe("Group id."),
    date: dateSchema.describe("When it happened."),
    type: z.enum(ACTIVITY_TYPES).describe("Kind of engagement."),
    by: idSchema.optional().describe("Person id of who took part."),
    summary: textSchema.optional().describe("What was learned or shared."),
    url: urlSchema.optional().describe("Link to the material."),
    actions: z.array(actionSchema).default([]).describe("What was done because of it."),
  })
  .describe("An activity.");
/** An activity. */
export type Activity = z.infer<typeof activitySchema>;

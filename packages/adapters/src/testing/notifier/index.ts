export { notifierConformanceChecks, sampleNotification } from "./checks.js";
export { runNotifierConformance } from "./run.js";
export type {
  NotifierConformanceCheck,
  NotifierConformanceContext,
  NotifierConformanceOptions,
  NotifierFault,
  NotifierTarget,
} from "./types.js";

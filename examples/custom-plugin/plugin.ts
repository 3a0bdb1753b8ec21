/**
 * The example plugin: the CSAF source and the custom rule, as one plain object.
 */
import { definePlugin, PLUGIN_API_VERSION } from "@sigreg/plugins";
import {
  type CriticalWithoutTicketOptions,
  criticalWithoutTicket,
} from "./critical-without-ticket.js";
import { csafSource } from "./csaf-source.js";

/**
 * A plugin that reads CSAF 2.0 advisories and adds the "critical alert without a ticket" rule.
 * @example
 * const host = createPluginHost([csafPlugin({ days: 7 })])._unsafeUnwrap();
 * const sigreg = createSigreg({ storage, ...host.engineOptions() });
 */
export const csafPlugin = (options: CriticalWithoutTicketOptions = {}) =>
  definePlugin({
    id: "example-csaf",
    version: "1.0.0",
    apiVersion: PLUGIN_API_VERSION,
    sources: [csafSource()],
    rules: [criticalWithoutTicket(options)],
  });

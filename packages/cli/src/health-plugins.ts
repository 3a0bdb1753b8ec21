import { linkCheckPlugin } from "@sigreg/plugins";

/**
 * The plugins whose rules every CLI evaluation of a store runs: the link check's
 * `group-link-dead`, which reads what `sigreg links` recorded.
 * @internal
 */
export const CLI_PLUGINS = [linkCheckPlugin()] as const;

/** Their rules, for evaluations the CLI makes itself (`sigreg report`). @internal */
export const CLI_RULES = CLI_PLUGINS.flatMap((plugin) => plugin.rules ?? []);

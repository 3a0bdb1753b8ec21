export { ERROR_CODES, type ErrorCode, formatRegisterError, type RegisterError, type RegisterIssue } from "./errors.js";
export { type LoadOptions, loadRegisterFile, parseRegister, parseRegisterText } from "./load/index.js";
export * from "./model/index.js";
export { RULE_IDS, type RuleId } from "./rules/ids.js";

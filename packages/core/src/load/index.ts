export {
  type ExtensionCheck,
  type ExtensionIssue,
  type LoadOptions,
  loadRegisterFile,
  parseRegister,
  parseRegisterText,
} from "./load-register.js";

export {
  type LoadOptions,
  loadRegisterFile,
  parseRegister,
  parseRegisterText,
} from "./load-register.js";

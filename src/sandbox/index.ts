export { installImpSandbox, isImpSandbox, type ImpSandboxOptions, type ImpSandboxHandle } from './sandbox.js';
export type { ImpBillingSandboxDialog, SandboxChoice, SandboxChoiceDetail, SandboxLang } from './sandbox-dialog.js';

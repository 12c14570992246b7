/**
 * The demo page's entry. Everything below runs in one task, so the event log is listening before any element
 * reports a mobile redirect return (an element does that a task after it connects).
 */
import { defineImpBillingCardForm } from '../src/card-form/define.js';
import { defineImpBillingButton } from '../src/pure.js';
import { setupLangSwitch } from './i18n.js';
import { setupLoop } from './loop.js';
import { setupEventLog } from './log.js';
import { setupPlayground } from './playground.js';
import { setupScenarios } from './scenarios.js';
import { applyMode, readSettings, setupSettingsPanel } from './settings.js';
import { setupSubscription } from './subscription.js';

// Registered by explicit calls, not by importing self-registering modules: package.json's `sideEffects` lists only
// dist/ files, so a production build would drop a bare `import '../src/index.js'`.
defineImpBillingButton();
defineImpBillingCardForm();
const settings = readSettings();
const sandbox = applyMode(settings);
setupEventLog();
setupLangSwitch();
setupSettingsPanel(settings);
setupScenarios();
setupPlayground();
setupSubscription();
setupLoop(sandbox);

/**
 * The demo page's entry. Order matters in one place: the event log listens before any element can report a mobile
 * redirect return (elements do that a task after they connect, and this module runs within the same task as
 * their registration below).
 */
import '../src/index.js';
import { setupLangSwitch } from './i18n.js';
import { setupEventLog } from './log.js';
import { setupPlayground } from './playground.js';
import { setupScenarios } from './scenarios.js';
import { applyMode, readSettings, setupSettingsPanel } from './settings.js';

const settings = readSettings();
applyMode(settings);
setupEventLog();
setupLangSwitch();
setupSettingsPanel(settings);
setupScenarios();
setupPlayground();

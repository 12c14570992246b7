import { defineA11yTests } from './a11y.js';

// iPhone 13 emulation: the one-column page and the full-screen sandbox window.
defineA11yTests();

import { defineA11yTests } from './a11y.js';

// Desktop Chrome.
defineA11yTests();

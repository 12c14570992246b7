import { css } from 'lit';
import { actionStyles } from '../ui/action.styles.js';

export const buttonStyles = [
  actionStyles,
  css`
    :host {
      display: inline-block;
      font: var(--imp-billing-font, inherit);
      /* Korean wraps between words, never inside one. */
      word-break: keep-all;
    }
    :host([hidden]) {
      display: none;
    }
    button[aria-busy='true'] {
      cursor: progress;
    }
    button:not([aria-busy='true']) .spinner {
      display: none;
    }
    [part='message'] {
      margin: 0.4em 0 0;
      font-size: 0.875em;
    }
    [part='message'].error {
      color: var(--imp-billing-error-color, #b3261e);
    }
    /* Empty but rendered: a live region hidden while empty may not be announced when the first failure fills it. */
    [part='message']:empty {
      margin: 0;
    }
  `,
];

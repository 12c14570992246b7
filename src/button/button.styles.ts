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
    /* aria-busy is always 'true' or 'false' on the one button; the status line is the one p. */
    [aria-busy='true'] {
      cursor: progress;
    }
    [aria-busy='false'] .spinner {
      display: none;
    }
    p {
      margin: 0.4em 0 0;
      font-size: 0.875em;
    }
    .error {
      color: var(--imp-billing-error-color, #b3261e);
    }
    /* Empty but rendered: a live region hidden while empty may not be announced when the first failure fills it. */
    p:empty {
      margin: 0;
    }
  `,
];

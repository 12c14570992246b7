import { css } from 'lit';
import { actionStyles } from '../ui/action.styles.js';

export const buttonStyles = [
  actionStyles,
  css`
    :host {
      display: inline-block;
      font: var(--imp-billing-font, inherit);
    }
    :host([hidden]) {
      display: none;
    }
    button[aria-busy='true'] {
      cursor: progress;
    }
    [part='message'] {
      margin: 0.4em 0 0;
      color: var(--imp-billing-error-color, #b3261e);
      font-size: 0.875em;
    }
    /* Empty but rendered: a live region hidden while empty may not be announced when the first failure fills it. */
    [part='message']:empty {
      margin: 0;
    }
  `,
];

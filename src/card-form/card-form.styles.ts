import { css } from 'lit';
import { actionStyles } from '../ui/action.styles.js';

// Custom property names match <imp-billing-button>, so one theme styles both.
export const cardFormStyles = [
  actionStyles,
  css`
    :host {
      display: block;
      font: var(--imp-billing-font, inherit);
      color: inherit;
    }
    :host([hidden]) {
      display: none;
    }
    form {
      display: grid;
      gap: var(--imp-billing-gap, 1rem);
      max-width: 28rem;
    }
    .field {
      display: grid;
      gap: 0.25rem;
    }
    label {
      font-weight: 600;
    }
    .hint {
      font-size: 0.85em;
      opacity: 0.75;
    }
    input {
      box-sizing: border-box;
      width: 100%;
      min-height: 2.75rem;
      padding: 0 0.75em;
      border: 1px solid var(--imp-billing-border-color, #8a8f98);
      border-radius: var(--imp-billing-radius, 0.5rem);
      background: var(--imp-billing-input-background, #fff);
      color: var(--imp-billing-input-color, #111);
      font: inherit;
      font-variant-numeric: tabular-nums;
      letter-spacing: 0.04em;
    }
    input:focus-visible {
      outline: 3px solid var(--imp-billing-focus-ring, #7aa2ff);
      outline-offset: 1px;
    }
    input[aria-invalid='true'] {
      border-color: var(--imp-billing-error-color, #b3261e);
    }
    input:disabled {
      opacity: 0.6;
    }
    [part~='error'] {
      margin: 0;
      color: var(--imp-billing-error-color, #b3261e);
      font-size: 0.9em;
    }
    [part~='error']:empty {
      display: none;
    }
    form[aria-busy='true'] button {
      cursor: progress;
    }
    [part~='status'] {
      margin: 0;
      min-height: 1.2em;
    }
    [part~='status'][data-kind='failure'] {
      color: var(--imp-billing-error-color, #b3261e);
    }
  `,
];

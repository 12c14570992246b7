import { css } from 'lit';

/**
 * The primary action (the billing button, the card form's submit) and its spinner, shared so one set of
 * `--imp-billing-*` custom properties themes both elements alike.
 */
export const actionStyles = css`
  button {
    all: unset;
    box-sizing: border-box;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.5em;
    min-height: 2.75rem;
    padding: 0 1.25em;
    border-radius: var(--imp-billing-radius, 0.5rem);
    background: var(--imp-billing-background, #1f4fd8);
    color: var(--imp-billing-color, #fff);
    font: inherit;
    font-weight: 600;
    cursor: pointer;
    user-select: none;
  }
  button:hover {
    filter: brightness(1.08);
  }
  button:focus-visible {
    outline: 3px solid var(--imp-billing-focus-ring, #7aa2ff);
    outline-offset: 2px;
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.55;
  }
  .spinner {
    width: 1em;
    height: 1em;
    border: 2px solid currentColor;
    border-right-color: transparent;
    border-radius: 50%;
    animation: spin 0.8s linear infinite;
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation-duration: 2.4s;
    }
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }
`;

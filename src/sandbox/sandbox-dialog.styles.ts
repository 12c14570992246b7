import { css } from 'lit';

// Lit turns this into a constructable stylesheet (adoptedStyleSheets), which a strict `style-src 'self'` CSP allows:
// no <style> element and no style attribute is ever written.
export const sandboxDialogStyles = css`
  :host {
    display: contents;
  }

  dialog {
    box-sizing: border-box;
    width: min(26rem, calc(100vw - 2rem));
    max-height: calc(100vh - 2rem);
    overflow: auto;
    padding: 0;
    border: 1px solid #9ca3af;
    border-radius: 0.5rem;
    background: #ffffff;
    color: #111827;
    font: 15px/1.45 system-ui, -apple-system, 'Segoe UI', 'Apple SD Gothic Neo', 'Noto Sans KR', sans-serif;
    /* Korean wraps between words (eojeol), never inside one; long ids still break (dd below). */
    word-break: keep-all;
    box-shadow: 0 0.75rem 2rem rgb(0 0 0 / 0.25);
  }

  dialog::backdrop {
    background: rgb(17 24 39 / 0.55);
  }

  .head {
    padding: 0.75rem 1rem;
    border-bottom: 2px dashed #9ca3af;
    background: #f3f4f6;
  }

  h2 {
    margin: 0;
    font-size: 1rem;
    letter-spacing: 0.02em;
  }

  .badge {
    display: inline-block;
    margin-right: 0.4rem;
    padding: 0 0.4rem;
    border: 1px solid #374151;
    border-radius: 0.25rem;
    font-size: 0.75rem;
    font-weight: 700;
  }

  .head p {
    margin: 0.25rem 0 0;
    color: #374151;
    font-size: 0.85rem;
  }

  dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.35rem 0.9rem;
    margin: 0;
    padding: 1rem;
  }

  dt {
    color: #4b5563;
  }

  dd {
    margin: 0;
    overflow-wrap: anywhere;
    font-weight: 600;
  }

  .note {
    display: block;
    color: #4b5563;
    font-size: 0.8rem;
    font-weight: 400;
  }

  .actions {
    display: flex;
    gap: 0.5rem;
    padding: 0 1rem 1rem;
  }

  button {
    flex: 1;
    min-height: 2.75rem;
    border: 1px solid #374151;
    border-radius: 0.375rem;
    background: #ffffff;
    color: #111827;
    font: inherit;
    font-weight: 600;
    cursor: pointer;
  }

  button[data-choice='approve'] {
    border-color: #111827;
    background: #111827;
    color: #ffffff;
  }

  button[data-choice='decline'] {
    border-color: #b91c1c;
    color: #b91c1c;
  }

  button:focus-visible {
    outline: 3px solid #2563eb;
    outline-offset: 2px;
  }

  /* Phones get a full-screen window, as a mobile PG page would be. */
  @media (max-width: 480px) {
    dialog {
      width: 100vw;
      max-width: 100vw;
      height: 100vh;
      max-height: 100vh;
      border: 0;
      border-radius: 0;
    }
  }
`;

// The render-cost baseline of `npm run bench`: a minimal Lit button (styles, a real <button>, a slot). The bench
// bundles it with its own copy of Lit into the build folder as min-lit/min-lit-button.js.
import { css, html, LitElement } from 'lit';

class MinLitButton extends LitElement {
  static styles = css`
    button {
      font: inherit;
    }
  `;

  render() {
    return html`<button part="button" type="button"><slot></slot></button>`;
  }
}

customElements.define('min-lit-button', MinLitButton);

// Angular without its CLI: the component is compiled in the browser (JIT, hence @angular/compiler) and runs without
// zone.js. In an Angular CLI app the same component is a decorated class; the template and the schema are the same.
import '@angular/compiler';
import { Component, CUSTOM_ELEMENTS_SCHEMA, provideZonelessChangeDetection } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import 'imp-billing'; // registers <imp-billing-button>

const App = Component({
  selector: 'app-root',
  // Tells Angular's compiler that <imp-billing-*> tags are custom elements.
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <h1>Angular</h1>
    <!-- sandbox: the offline stand-in for PortOne's window; choose "approve" in the dialog it opens. -->
    <imp-billing-button
      sandbox
      merchant-code="imp00000000"
      pg="kcp_billing"
      customer-uid="customer_1234"
      order-name="Pro plan"
      (imp-billing-success)="result = 'success: ' + $event.detail.imp_uid"
      (imp-billing-failure)="result = 'failure: ' + $event.detail.code"
    >
      Register card
    </imp-billing-button>
    <p>Result: <output id="result">{{ result }}</output></p>
  `,
})(
  class {
    result = '';
  },
);

bootstrapApplication(App, { providers: [provideZonelessChangeDetection()] }).catch((error) => console.error(error));

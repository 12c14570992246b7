import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
// The wrapper registers <imp-billing-button> and turns its events into typed onImpBilling* props.
import { ImpBillingButton } from 'imp-billing/react';

function App() {
  const [result, setResult] = useState('');
  return (
    <>
      <h1>React</h1>
      {/* `sandbox`: the offline stand-in for PortOne's window; choose "approve" in the dialog it opens. */}
      <ImpBillingButton
        sandbox
        merchantCode="imp00000000"
        pg="kcp_billing"
        customerUid="customer_1234"
        orderName="Pro plan"
        onImpBillingSuccess={(event) => setResult(`success: ${event.detail.imp_uid}`)}
        onImpBillingFailure={(event) => setResult(`failure: ${event.detail.code}`)}
      >
        Register card
      </ImpBillingButton>
      <p>
        Result: <output id="result">{result}</output>
      </p>
    </>
  );
}

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

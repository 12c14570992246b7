// Compile-time checks (run by the typecheck step, never executed) for the React wrapper's event props and the
// React 19 JSX types of the bare tag. The @ts-expect-error lines fail the typecheck if a wrong spelling is accepted.
import { createElement, type JSX } from 'react';
import type {} from '../jsx.js';
import { ImpBillingButton, ImpBillingCardForm, type ImpBillingButtonProps } from './index.js';

export const wrapped = createElement(ImpBillingButton, {
  merchantCode: 'imp00000000',
  customerUid: 'c_1',
  sandbox: true,
  card: { number: '4242424242424242' },
  onImpBillingSuccess: (e) => e.detail.imp_uid?.toUpperCase(),
  onImpBillingFailure: (e) => e.detail.code satisfies string,
  onImpBillingRequest: (e) => e.detail.params.customer_uid,
});

// @ts-expect-error the wrapper's event props are camelCase; the bare tag's are the exact event names
export const wrongWrapperEvent: ImpBillingButtonProps = { 'onimp-billing-success': () => {} };

export const bare: JSX.IntrinsicElements['imp-billing-button'] = {
  customerUid: 'c_1',
  sandbox: true,
  children: 'Register card',
  'onimp-billing-success': (e) => e.detail.customer_uid?.length,
  'onimp-billing-failure': (e) => e.detail.via satisfies 'local' | 'callback' | 'redirect' | 'server',
};

// @ts-expect-error React 19 would listen for an event literally named "ImpBillingSuccess"
export const wrongBareEvent: JSX.IntrinsicElements['imp-billing-button'] = { onImpBillingSuccess: () => {} };

// @ts-expect-error handler receives the typed CustomEvent, whose detail has no `nope`
export const wrongDetail: JSX.IntrinsicElements['imp-billing-button'] = { 'onimp-billing-success': (e) => e.detail.nope };

export const form = createElement(ImpBillingCardForm, {
  action: '/api/card',
  customerUid: 'c_1',
  onImpBillingSuccess: (e) => e.detail.via,
  onImpBillingFailure: (e) => e.detail.field,
});

// @ts-expect-error the card form fires no request event
export const formRequest = createElement(ImpBillingCardForm, { onImpBillingRequest: () => {} });

export const bareForm: JSX.IntrinsicElements['imp-billing-card-form'] = {
  action: '/api/card',
  'onimp-billing-failure': (e) => e.detail.code,
};

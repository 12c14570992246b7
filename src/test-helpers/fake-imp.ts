import type { Iamport, RequestPayParams, RequestPayResponse } from '../core/types.js';

/** A recording stand-in for `window.IMP`; the test decides when and how the callback answers. */
export interface FakeImp extends Iamport {
  inits: string[];
  calls: { params: RequestPayParams; callback?: (response: RequestPayResponse) => void }[];
  /** Answers the most recent open call. */
  answer(response: Partial<RequestPayResponse>): void;
  /** Answers every call with a cancellation, so no request stays open between tests. */
  settleAll(): void;
  /** What request_pay does when called (default: record and wait). */
  behaviour: 'wait' | 'approve' | 'throw';
  /** How many times `IMP.close()` was called (the current SDK's way to close its window and layer). */
  closed: number;
  close(): void;
}


export function installFakeImp(win: Window = window): FakeImp {
  const fake: FakeImp = {
    inits: [],
    calls: [],
    behaviour: 'wait',
    closed: 0,
    close() {
      fake.closed++;
    },
    init(code: string) {
      fake.inits.push(code);
    },
    request_pay(params, callback) {
      if (fake.behaviour === 'throw') throw new Error('SDK exploded');
      fake.calls.push({ params: structuredClone(params), callback });
      if (fake.behaviour === 'approve') {
        queueMicrotask(() => callback?.({ success: true, imp_uid: 'imp_123456789012', merchant_uid: params.merchant_uid }));
      }
    },
    settleAll() {
      for (const call of fake.calls) {
        call.callback?.({ imp_uid: null, merchant_uid: call.params.merchant_uid, error_code: 'F1001', error_msg: 'cancelled by test teardown' });
      }
    },
    answer(response) {
      const call = fake.calls[fake.calls.length - 1];
      if (!call) throw new Error('no open request_pay call');
      call.callback?.({ imp_uid: null, merchant_uid: call.params.merchant_uid, ...response });
    },
  };
  win.IMP = fake;
  return fake;
}

export function removeFakeImp(win: Window = window): void {
  delete win.IMP;
}

import { expect } from '@open-wc/testing';
import {
  businessNumberValid,
  luhnValid,
  normalizeBirth,
  normalizeCardNumber,
  normalizeCvc,
  normalizeExpiry,
  normalizePassword2,
  type Checked,
} from './index.js';

const okValue = (r: Checked) => {
  expect(r.ok, r.ok ? '' : r.message).to.equal(true);
  return r.ok ? r.value : '';
};
const badMessage = (r: Checked) => {
  expect(r.ok, r.ok ? `unexpectedly accepted as ${r.value}` : '').to.equal(false);
  return r.ok ? '' : r.message;
};
const d = (iso: string) => new Date(iso);

describe('luhnValid', () => {
  it('accepts valid test numbers and refuses a changed digit', () => {
    for (const n of ['4242424242424242', '4111111111111111', '5555555555554444', '378282246310005', '30569309025904', '0']) {
      expect(luhnValid(n), n).to.equal(true);
    }
    for (const n of ['4242424242424241', '4111111111111112', '378282246310006', '1']) {
      expect(luhnValid(n), n).to.equal(false);
    }
  });
});

describe('normalizeCardNumber', () => {
  it('normalises spaces, hyphens or no separators to dddd-dddd-dddd-dddd', () => {
    for (const input of ['4242424242424242', '4242 4242 4242 4242', '4242-4242-4242-4242', ' 4242  4242-4242 4242 ', '42424242 42424242']) {
      expect(okValue(normalizeCardNumber(input)), input).to.equal('4242-4242-4242-4242');
    }
  });

  it('accepts a number value', () => {
    expect(okValue(normalizeCardNumber(4242424242424242))).to.equal('4242-4242-4242-4242');
  });

  it('groups 15-digit Amex as 4-6-5 and 14-digit Diners as 4-6-4', () => {
    expect(okValue(normalizeCardNumber('3782 822463 10005'))).to.equal('3782-822463-10005');
    expect(okValue(normalizeCardNumber('30569309025904'))).to.equal('3056-930902-5904');
  });

  it('refuses a wrong check digit, wrong lengths and other characters, without echoing the number', () => {
    const cases = ['4242 4242 4242 4241', '4242', '42424242424242424242', '4242-4242-4242-424a', '4242.4242.4242.4242', '', ' '];
    for (const input of cases) {
      const message = badMessage(normalizeCardNumber(input));
      expect(message, input).to.not.contain('4242');
    }
    expect(badMessage(normalizeCardNumber('4242 4242 4242 4241'))).to.match(/check digit/);
  });

  it('refuses non-strings and absurdly long input', () => {
    for (const input of [undefined, null, {}, ['4242424242424242'], true]) badMessage(normalizeCardNumber(input));
    badMessage(normalizeCardNumber(' '.repeat(30) + '4242424242424242'));
  });
});

describe('normalizeExpiry', () => {
  const now = d('2026-05-20T12:00:00');
  it('accepts YYYY-MM, YYYYMM, MM/YY and MM/YYYY and returns YYYY-MM', () => {
    for (const [input, out] of [
      ['2027-03', '2027-03'],
      ['202703', '2027-03'],
      ['03/27', '2027-03'],
      ['03 / 27', '2027-03'],
      ['03/2027', '2027-03'],
      [' 2027-03 ', '2027-03'],
      ['12/26', '2026-12'],
    ] as const) {
      expect(okValue(normalizeExpiry(input, now)), input).to.equal(out);
    }
  });

  it('accepts the current month and refuses last month (injected clock)', () => {
    expect(okValue(normalizeExpiry('2026-05', now))).to.equal('2026-05');
    expect(okValue(normalizeExpiry('05/26', d('2026-05-31T23:59:00')))).to.equal('2026-05');
    expect(badMessage(normalizeExpiry('2026-04', now))).to.match(/expired/);
    expect(badMessage(normalizeExpiry('04/26', now))).to.match(/expired/);
    expect(badMessage(normalizeExpiry('2026-05', d('2026-06-01T00:00:01')))).to.match(/expired/);
    expect(badMessage(normalizeExpiry('12/25', d('2026-01-01T00:00:00')))).to.match(/expired/);
  });

  it('refuses impossible months, other formats and far-future years', () => {
    for (const input of ['2027-13', '2027-00', '13/27', '00/27', '3/27', '2027/03', '27-03', 'March 2027', '', '2027-3']) {
      badMessage(normalizeExpiry(input, now));
    }
    badMessage(normalizeExpiry('2070-01', now));
    badMessage(normalizeExpiry(202703 as unknown, now));
  });

  it('uses the real clock by default', () => {
    const next = new Date();
    next.setMonth(next.getMonth() + 13);
    const y = next.getFullYear();
    const m = String(next.getMonth() + 1).padStart(2, '0');
    expect(okValue(normalizeExpiry(`${y}-${m}`))).to.equal(`${y}-${m}`);
    badMessage(normalizeExpiry('2001-01'));
  });
});

describe('normalizeCvc', () => {
  it('accepts 3 or 4 digits, trimmed, and numbers', () => {
    expect(okValue(normalizeCvc('826'))).to.equal('826');
    expect(okValue(normalizeCvc('1234'))).to.equal('1234');
    expect(okValue(normalizeCvc(' 012 '))).to.equal('012');
    expect(okValue(normalizeCvc(826))).to.equal('826');
  });
  it('refuses other lengths and characters', () => {
    for (const input of ['12', '12345', '8a6', '', ' ', '1 23', undefined, null, {}]) badMessage(normalizeCvc(input));
  });
});

describe('businessNumberValid', () => {
  it('accepts real business registration numbers and refuses a changed check digit', () => {
    // 120-81-47521 and 220-81-62517 checked by hand: Σ(d·w) + ⌊d9·5/10⌋ with w = 1,3,7,1,3,7,1,3,5.
    expect(businessNumberValid('1208147521')).to.equal(true);
    expect(businessNumberValid('2208162517')).to.equal(true);
    expect(businessNumberValid('1208147522')).to.equal(false);
    expect(businessNumberValid('2208162510')).to.equal(false);
    expect(businessNumberValid('120-81-47521')).to.equal(false);
    expect(businessNumberValid('120814752')).to.equal(false);
  });
});

describe('normalizeBirth', () => {
  it('accepts real YYMMDD dates', () => {
    for (const input of ['900101', '991231', '000229', '040229', '850615', ' 900101 ']) {
      expect(okValue(normalizeBirth(input)), input).to.equal(input.trim());
    }
  });
  it('refuses impossible dates', () => {
    for (const input of ['900230', '010229', '901301', '900001', '900100', '900431', '000000']) {
      expect(badMessage(normalizeBirth(input)), input).to.match(/real date/);
    }
  });
  it('accepts a 10-digit business number with or without hyphens, checking its check digit', () => {
    expect(okValue(normalizeBirth('1208147521'))).to.equal('1208147521');
    expect(okValue(normalizeBirth('120-81-47521'))).to.equal('1208147521');
    expect(okValue(normalizeBirth('220-81-62517'))).to.equal('2208162517');
    expect(badMessage(normalizeBirth('120-81-47522'))).to.match(/mistyped/);
  });
  it('refuses other lengths and non-strings', () => {
    for (const input of ['90010', '9001011', '12345678901', 'abcdef', '', undefined, 900101]) badMessage(normalizeBirth(input));
  });
});

describe('normalizePassword2', () => {
  it('accepts exactly two digits', () => {
    expect(okValue(normalizePassword2('12'))).to.equal('12');
    expect(okValue(normalizePassword2(' 07 '))).to.equal('07');
  });
  it('refuses anything else', () => {
    for (const input of ['1', '123', 'ab', '1a', '', undefined, 12]) badMessage(normalizePassword2(input));
  });
});

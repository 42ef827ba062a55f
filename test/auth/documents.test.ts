import { describe, expect, it } from 'vitest';
import { documentProblem, isValidCuit, normaliseDocument, sameDocument } from '../../core/accounts/documents.ts';
import { summariseUserAgent } from '../../core/auth/user-agent.ts';

describe('Argentine documents', () => {
  it('checks the CUIT/CUIL check digit', () => {
    expect(isValidCuit('20-12345678-6')).toBe(true);
    expect(isValidCuit('20123456786')).toBe(true);
    expect(isValidCuit('30-71234567-1')).toBe(true);
    expect(isValidCuit('20-12345678-5')).toBe(false);
    // Right digit sum, unknown type prefix.
    expect(isValidCuit('99-12345678-1')).toBe(false);
    expect(isValidCuit('2012345678')).toBe(false);
  });

  it('reads what customers type, separators and all', () => {
    expect(normaliseDocument('12.345.678')).toEqual({ kind: 'DNI', digits: '12345678' });
    expect(normaliseDocument(' 5.123.456 ')).toEqual({ kind: 'DNI', digits: '5123456' });
    expect(normaliseDocument('05123456')).toEqual({ kind: 'DNI', digits: '5123456' });
    expect(normaliseDocument('20-12345678-6')).toEqual({ kind: 'CUIT', digits: '20123456786' });
    expect(normaliseDocument('20-12345678-5')).toBeNull();
    expect(normaliseDocument('123456')).toBeNull();
    expect(normaliseDocument('AB123456')).toBeNull();
    expect(documentProblem('20-12345678-5')).toBe('documents.cuitCheckDigit');
    expect(documentProblem('123')).toBe('documents.invalid');
    expect(documentProblem('30123456')).toBeNull();
  });

  it('matches the document on file by kind and digits', () => {
    expect(sameDocument({ documentType: 'DNI', documentNumber: '05.123.456' }, normaliseDocument('5123456')!)).toBe(true);
    expect(sameDocument({ documentType: 'CUIL', documentNumber: '20-12345678-6' }, normaliseDocument('20123456786')!)).toBe(true);
    expect(sameDocument({ documentType: 'DNI', documentNumber: '12345678' }, normaliseDocument('20-12345678-6')!)).toBe(false);
    expect(sameDocument({ documentType: 'PAS', documentNumber: '12345678' }, normaliseDocument('12345678')!)).toBe(false);
  });
});

describe('device summary', () => {
  it('names browser and system of common user agents', () => {
    expect(summariseUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 Edg/126.0')).toEqual({ browser: 'Edge', os: 'Windows' });
    expect(summariseUserAgent('Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1')).toEqual({ browser: 'Safari', os: 'iOS' });
    expect(summariseUserAgent(null)).toEqual({ browser: null, os: null });
  });
});

import { describe, expect, it } from 'vitest';
import { AppError, toAppError } from './errors';

describe('toAppError maps a rejection to a typed AppError', () => {
  it('keeps code, message, fields and retryAt of the backend object', () => {
    const e = toAppError({
      code: 'invalid_input',
      message: 'invalid input: kvk must be exactly 8 digits',
      fields: { kvk: 'kvk_format', bad: 3 },
      retryAt: '2030-01-02T03:04:05Z',
    });
    expect(e).toBeInstanceOf(AppError);
    expect(e.code).toBe('invalid_input');
    expect(e.message).toBe('invalid input: kvk must be exactly 8 digits');
    expect(e.fields).toEqual({ kvk: 'kvk_format' });
    expect(e.retryAt?.toISOString()).toBe('2030-01-02T03:04:05.000Z');
  });

  it("keeps a detail (the admin's reason for access_rejected); none reads as ''", () => {
    expect(toAppError({ code: 'access_rejected', message: 'x', detail: 'Niet bij HR.' }).detail).toBe('Niet bij HR.');
    expect(toAppError({ code: 'access_rejected', message: 'x', detail: 3 }).detail).toBe('');
    expect(toAppError('{"code":"access_rejected","message":"x","detail":"Nee."}').detail).toBe('Nee.');
  });

  it('keeps the params of a field (the medical words found), dropping what is not a list of strings', () => {
    const e = toAppError({ code: 'invalid_input', message: 'm', fields: { explanation: 'medical_terms' }, params: { explanation: ['griep', 3], bad: 'x' } });
    expect(e.params).toEqual({ explanation: ['griep'] });
    expect(toAppError({ code: 'internal', message: 'm' }).params).toEqual({});
  });

  it('ignores a missing or invalid retryAt', () => {
    expect(toAppError({ code: 'too_many_attempts', message: 'x' }).retryAt).toBeNull();
    expect(toAppError({ code: 'too_many_attempts', message: 'x', retryAt: 'soon' }).retryAt).toBeNull();
  });

  it('maps a plain string to internal with that string as message', () => {
    const e = toAppError('database exploded');
    expect(e.code).toBe('internal');
    expect(e.message).toBe('database exploded');
    expect(e.fields).toEqual({});
  });

  it('parses a JSON string carrying the backend object', () => {
    const e = toAppError('{"code":"wrong_passphrase","message":"nope"}');
    expect(e.code).toBe('wrong_passphrase');
    expect(e.message).toBe('nope');
  });

  it('maps a thrown Error (e.g. no Wails bindings) to internal', () => {
    const e = toAppError(new TypeError("Cannot read properties of undefined (reading 'app')"));
    expect(e.code).toBe('internal');
    expect(e.message).toContain('Cannot read properties');
  });

  it('keeps an unknown code with its message', () => {
    const e = toAppError({ code: 'brand_new_code', message: 'Something new happened.' });
    expect(e.code).toBe('brand_new_code');
    expect(e.message).toBe('Something new happened.');
  });

  it('returns an AppError unchanged', () => {
    const original = new AppError('denied', 'no');
    expect(toAppError(original)).toBe(original);
  });
});

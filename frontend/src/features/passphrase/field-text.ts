import { fieldText, problemText } from '../../lib/i18n';
import type { FieldErrors } from '../../lib/validation';

/**
 * formFieldText is a field's error message: the code's text, and for a weak passphrase also the
 * reasons it was refused.
 */
export function formFieldText(errors: FieldErrors, field: string, weakProblems: string[] = []): string | undefined {
  const code = errors[field];
  if (!code) return undefined;
  if (code === 'passphrase_weak' && weakProblems.length > 0) {
    return `${fieldText(code)} ${weakProblems.map(problemText).join(' ')}`;
  }
  return fieldText(code);
}

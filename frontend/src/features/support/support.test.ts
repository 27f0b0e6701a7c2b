import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { AppError } from '../../lib/api/errors';
import type { HelpdeskForm, HelpdeskView, SupportInfo } from '../../lib/api/support';
import { toHelpdeskView, toSupportInfo } from '../../lib/api/support';
import { locale } from '../../lib/state/locale.svelte';
import SupportPage from './SupportPage.svelte';
import { checkHelpdesk, isPhone, type SupportBackend } from './support.svelte';

const NONE: HelpdeskView = {
  name: '', email: '', phone: '', hours: '', source: 'none', service: { name: '', email: '', phone: '', hours: '' },
  serviceName: '', linked: false, canEdit: true,
};
const INFO: SupportInfo = {
  text: 'Kluis version:         1.4.0\nOS/arch:               linux/amd64\n', version: '1.4.0', vaultPath: '/home/p/.config/Kluis/vault',
  logPath: '/home/p/.config/Kluis/logs/kluis.log', vaultFormat: 2, vaultBytes: 1234,
};

function fakeBackend(start: HelpdeskView = NONE): SupportBackend & { copiedText: string[]; saved: HelpdeskForm[] } {
  const be = {
    copiedText: [] as string[],
    saved: [] as HelpdeskForm[],
    helpdesk: vi.fn(async () => start),
    info: vi.fn(async () => INFO),
    saveHelpdesk: vi.fn(async (f: HelpdeskForm) => {
      be.saved.push(f);
      const empty = Object.values(f).every((v) => v.trim() === '');
      return { ...start, ...f, source: empty ? 'none' : 'own' } as HelpdeskView;
    }),
    copy: vi.fn(async (text: string) => {
      be.copiedText.push(text);
      return true;
    }),
  };
  return be;
}

beforeEach(() => locale.set('nl'));
afterEach(cleanup);

describe('helpdesk checks', () => {
  it('rule: the phone check mirrors validate.Phone (8 to 15 digits; digits, spaces, + - ( ) only)', () => {
    expect(isPhone('030 123 45 67')).toBe(true);
    expect(isPhone('+31 (0)30-1234567')).toBe(true);
    expect(isPhone('1234567')).toBe(false);
    expect(isPhone('bel 0301234567')).toBe(false);
    expect(isPhone('1234567890123456')).toBe(false);
  });

  it('rule: a helpdesk needs an e-mail address or a phone number, and both in a valid form; all empty is allowed (removes it)', () => {
    expect(checkHelpdesk({ name: '', email: '', phone: '', hours: '' })).toEqual({});
    expect(checkHelpdesk({ name: 'Arbo', email: '', phone: '', hours: '' })).toEqual({ email: 'contact_required', phone: 'contact_required' });
    expect(checkHelpdesk({ name: '', email: 'help@arbo', phone: '', hours: '' })).toEqual({ email: 'email_format' });
    expect(checkHelpdesk({ name: '', email: '', phone: '12', hours: '' })).toEqual({ phone: 'phone_format' });
  });

  it('rule: what the backend sends is read defensively (unknown source is none, a missing size is unknown)', () => {
    expect(toHelpdeskView({ source: 'hacked', email: 3 }).source).toBe('none');
    expect(toHelpdeskView({ source: 'hacked', email: 3 }).email).toBe('');
    expect(toSupportInfo({ text: 'x' }).vaultBytes).toBe(-1);
  });
});

describe('Ondersteuning', () => {
  it('rule: the page shows the version, the paths and the block, and the button copies exactly that block', async () => {
    const be = fakeBackend();
    render(SupportPage, { props: { backend: be } });
    expect(await screen.findByTestId('support-version')).toHaveTextContent('1.4.0');
    expect(screen.getByTestId('support-log-path')).toHaveTextContent('/home/p/.config/Kluis/logs/kluis.log');
    expect(screen.getByTestId('support-text').textContent).toBe(INFO.text);
    await fireEvent.click(screen.getByRole('button', { name: 'Kopieer gegevens voor support' }));
    await screen.findByTestId('support-copied');
    expect(be.copiedText).toEqual([INFO.text]);
    expect(be.info).toHaveBeenCalledTimes(2); // read afresh for the copy
  });

  it('rule: a copy the system refuses says so, so the user copies by hand', async () => {
    const be = fakeBackend();
    be.copy = vi.fn(async () => false);
    render(SupportPage, { props: { backend: be } });
    await fireEvent.click(await screen.findByTestId('support-copy'));
    expect(await screen.findByText(/Kopiëren lukte niet/)).toBeInTheDocument();
  });

  it('rule: the helpdesk the service gave is shown with where it came from; a user cannot change it', async () => {
    const be = fakeBackend({
      ...NONE, source: 'service', name: 'Arbo Midden', email: 'help@arbomidden.example', phone: '030 123 45 67',
      service: { name: 'Arbo Midden', email: 'help@arbomidden.example', phone: '030 123 45 67', hours: '' },
      serviceName: 'Arbodienst Midden', linked: true, canEdit: false,
    });
    render(SupportPage, { props: { backend: be } });
    expect(await screen.findByTestId('helpdesk-email')).toHaveAttribute('href', 'mailto:help@arbomidden.example');
    expect(screen.getByTestId('support-helpdesk')).toHaveTextContent('Opgegeven door Arbodienst Midden bij het koppelen.');
    expect(screen.queryByTestId('helpdesk-edit')).not.toBeInTheDocument();
  });

  it('rule: an admin records the helpdesk; field errors of the backend land under their fields', async () => {
    const be = fakeBackend();
    render(SupportPage, { props: { backend: be } });
    expect(await screen.findByTestId('helpdesk-none')).toHaveTextContent('Leg hem hier vast');
    await fireEvent.click(screen.getByTestId('helpdesk-edit'));
    await fireEvent.input(screen.getByLabelText('Naam van de helpdesk'), { target: { value: 'Arbo Midden' } });
    await fireEvent.click(screen.getByTestId('helpdesk-save'));
    expect(await screen.findAllByText('Vul een e-mailadres of een telefoonnummer in.')).toHaveLength(2);
    expect(be.saveHelpdesk).not.toHaveBeenCalled();

    be.saveHelpdesk = vi.fn(async () => {
      throw new AppError('invalid_input', 'invalid', { phone: 'phone_format' });
    });
    await fireEvent.input(screen.getByLabelText('Telefoonnummer'), { target: { value: '030 123 45 67' } });
    await fireEvent.click(screen.getByTestId('helpdesk-save'));
    expect(await screen.findByText(/Vul een geldig telefoonnummer in/)).toBeInTheDocument();

    const ok = fakeBackend();
    be.saveHelpdesk = ok.saveHelpdesk;
    await fireEvent.click(screen.getByTestId('helpdesk-save'));
    await waitFor(() => expect(screen.queryByTestId('helpdesk-form')).not.toBeInTheDocument());
    expect(ok.saved).toEqual([{ name: 'Arbo Midden', email: '', phone: '030 123 45 67', hours: '' }]);
    expect(screen.getByTestId('support-helpdesk')).toHaveTextContent('De helpdesk is vastgelegd.');
    expect(screen.getByTestId('helpdesk-phone')).toHaveTextContent('030 123 45 67');
  });
});

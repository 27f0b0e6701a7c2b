import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import { AppError } from '../../lib/api';
import { locale } from '../../lib/state/locale.svelte';
import SyncFixture from './testing/SyncFixture.svelte';
import { fakeSync, NOT_LINKED, session, syncStatus } from './testing/fakes';

beforeEach(() => locale.set('nl'));
afterEach(cleanup);

async function setup(status = NOT_LINKED) {
  const fake = fakeSync(status);
  render(SyncFixture, { props: { status: session('admin'), sync: fake.state, view: 'arbo' } });
  return fake;
}

async function fill(url: string, code: string) {
  const form = await screen.findByTestId('enrol-form');
  await fireEvent.input(within(form).getByLabelText('Adres van de arbodienst'), { target: { value: url } });
  await fireEvent.input(within(form).getByLabelText('Eenmalige code'), { target: { value: code } });
  return form;
}

describe('Beheer → Arbodienst: Arbodienst koppelen', () => {
  it('without a linked service shows the form; the fingerprint is asked only for https', async () => {
    await setup();
    expect(await screen.findByRole('heading', { name: 'Arbodienst koppelen' })).toBeInTheDocument();
    expect(screen.queryByLabelText('Vingerafdruk van het certificaat (optioneel)')).toBeNull();
    await fill('http://localhost:8443', 'K7Q-22F');
    expect(screen.queryByLabelText('Vingerafdruk van het certificaat (optioneel)')).toBeNull();
    await fill('https://kluis.arbonoord.example', 'K7Q-22F');
    expect(screen.getByLabelText('Vingerafdruk van het certificaat (optioneel)')).toHaveAccessibleDescription(/SHA-256/);
  });

  it('rule: empty fields are named at the field and nothing is sent; focus goes to the first', async () => {
    const { source } = await setup();
    await screen.findByTestId('enrol-form');
    await fireEvent.click(screen.getByRole('button', { name: 'Koppelen' }));
    const url = screen.getByLabelText('Adres van de arbodienst');
    expect(url).toHaveAttribute('aria-invalid', 'true');
    expect(url).toHaveAccessibleDescription(/Vul het adres van de arbodienst in\./);
    expect(screen.getByLabelText('Eenmalige code')).toHaveAccessibleDescription(/Vul de eenmalige code van de arbodienst in\./);
    expect(url).toHaveFocus();
    expect(source.enrol).not.toHaveBeenCalled();
  });

  it.each([
    ['service_url', 'Adres van de arbodienst', 'Het adres van de arbodienst moet beginnen met https:// of http://.'],
    ['enrol_code', 'Eenmalige code', 'De arbodienst kent deze code niet of hij is al gebruikt; vraag een nieuwe aan.'],
  ])('rule: error %s is shown at its field', async (code, label, text) => {
    const { source } = await setup();
    source.enrol.mockRejectedValue(new AppError(code, 'english'));
    await fill('ftp://arbo', 'K7Q-22F');
    await fireEvent.click(screen.getByRole('button', { name: 'Koppelen' }));
    const field = await screen.findByLabelText(label);
    await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
    expect(field).toHaveAccessibleDescription(new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    expect(field).toHaveFocus();
    expect(screen.queryByTestId('enrol-error')).toBeNull();
  });

  it('rule: a certificate that does not match the given fingerprint is shown at the fingerprint', async () => {
    const { source } = await setup();
    source.enrol.mockRejectedValue(new AppError('service_certificate', 'english'));
    await fill('https://kluis.arbonoord.example', 'K7Q-22F');
    await fireEvent.input(screen.getByLabelText('Vingerafdruk van het certificaat (optioneel)'), { target: { value: 'AA:BB' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Koppelen' }));
    const fp = screen.getByLabelText('Vingerafdruk van het certificaat (optioneel)');
    await expect.poll(() => fp.getAttribute('aria-invalid')).toBe('true');
    expect(fp).toHaveAccessibleDescription(/niet het certificaat van de koppeling/);
    expect(source.enrol).toHaveBeenCalledWith('https://kluis.arbonoord.example', 'K7Q-22F', 'AA:BB');
  });

  it('rule: an unreachable service is a banner, and the fingerprint is not sent for http', async () => {
    const { source } = await setup();
    source.enrol.mockRejectedValue(new AppError('service_offline', 'english'));
    await fill('https://kluis.arbonoord.example', 'K7Q-22F');
    await fireEvent.input(screen.getByLabelText('Vingerafdruk van het certificaat (optioneel)'), { target: { value: 'AA:BB' } });
    await fill('http://localhost:8443', 'K7Q-22F');
    await fireEvent.click(screen.getByRole('button', { name: 'Koppelen' }));
    const banner = await screen.findByTestId('enrol-error');
    expect(banner).toHaveAttribute('role', 'alert');
    expect(banner).toHaveTextContent('De arbodienst is niet bereikbaar');
    expect(source.enrol).toHaveBeenCalledWith('http://localhost:8443', 'K7Q-22F', '');
  });

  it('after a successful enrolment shows the linked service', async () => {
    const { source } = await setup();
    await fill('https://kluis.arbonoord.example', ' K7Q-22F ');
    await fireEvent.click(screen.getByRole('button', { name: 'Koppelen' }));
    const linked = await screen.findByTestId('arbo-linked');
    expect(within(linked).getByText('De arbodienst is gekoppeld.')).toBeInTheDocument();
    expect(within(linked).getByTestId('arbo-name')).toHaveTextContent('Arbo Noord');
    expect(source.enrol).toHaveBeenCalledTimes(1);
  });
});

describe('Beheer → Arbodienst: the linked service', () => {
  it('shows name, address, employer number, the pinned fingerprint in monospace, the helpdesk and since when', async () => {
    await setup(syncStatus());
    const linked = await screen.findByTestId('arbo-linked');
    expect(within(linked).getByRole('heading', { name: 'Gekoppelde arbodienst' })).toBeInTheDocument();
    expect(within(linked).getByTestId('arbo-name')).toHaveTextContent('Arbo Noord');
    expect(within(linked).getByTestId('arbo-url')).toHaveTextContent('https://kluis.arbonoord.example');
    expect(within(linked).getByTestId('arbo-employer')).toHaveTextContent('emp-7f3a');
    const fp = within(linked).getByTestId('arbo-fingerprint');
    expect(fp).toHaveTextContent('AB:CD:EF:01');
    expect(fp).toHaveClass('mono');
    expect(within(linked).getByTestId('arbo-since')).toHaveTextContent(/2 november 2026 \d\d:15/);
    const help = within(linked).getByTestId('arbo-helpdesk');
    expect(help).toHaveTextContent('Servicedesk Arbo Noord');
    expect(within(help).getByRole('link', { name: 'help@arbonoord.example' })).toHaveAttribute('href', 'mailto:help@arbonoord.example');
    expect(help).toHaveTextContent('030 123 45 67');
    expect(help).toHaveTextContent('ma–vr 8.30–17.00');
    expect(screen.queryByTestId('enrol-form')).toBeNull();
  });

  it('says when no certificate is pinned and no helpdesk was given', async () => {
    await setup(syncStatus({ fingerprint: '', helpdesk: { name: '', email: '', phone: '', hours: '' } }));
    expect(await screen.findByTestId('arbo-fingerprint')).toHaveTextContent('Niet vastgelegd');
    expect(screen.getByText('De arbodienst gaf geen helpdesk op.')).toBeInTheDocument();
  });
});

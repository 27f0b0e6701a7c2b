import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';

vi.mock('../../lib/api', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../lib/api')>();
  return { ...orig, employers: vi.fn(), saveStatistics: vi.fn(), saveRegister: vi.fn() };
});

import * as api from '../../lib/api';
import { AppError } from '../../lib/api';
import { locale } from '../../lib/state/locale.svelte';
import ReportsPanel from './ReportsPanel.svelte';
import { statisticsYears } from './report-action.svelte';

const m = vi.mocked(api);
const KORENAAR = { id: 'e1', name: 'Bakkerij De Korenaar', kvk: '12345678' };
const MOLEN = { id: 'e2', name: 'De Molen', kvk: '87654321' };
const now = () => new Date(2026, 11, 2);

beforeEach(() => {
  locale.set('nl');
  m.employers.mockResolvedValue([KORENAAR]);
  m.saveStatistics.mockResolvedValue({ files: ['/tmp/Verzuimstatistiek-2026.pdf'] });
  m.saveRegister.mockResolvedValue({ files: ['/tmp/Verwerkingsregister.pdf'] });
});
afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

describe('Beheer → Rapportages', () => {
  it('saves the statistics of the chosen year in the language on screen and says where', async () => {
    render(ReportsPanel, { admin: true, now });
    const year = await screen.findByLabelText('Jaar');
    expect(year).toHaveValue('2026');
    await fireEvent.change(year, { target: { value: '2025' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Statistiek opslaan (PDF)' }));
    expect(m.saveStatistics).toHaveBeenCalledWith('e1', 2025, 'nl');
    expect(await screen.findByText('Opgeslagen: /tmp/Verzuimstatistiek-2026.pdf')).toBeInTheDocument();
  });

  it('offers the register to admins only', async () => {
    render(ReportsPanel, { admin: false, now });
    await screen.findByRole('button', { name: 'Statistiek opslaan (PDF)' });
    expect(screen.queryByRole('button', { name: 'Register opslaan (PDF)' })).toBeNull();
    cleanup();
    locale.set('en');
    render(ReportsPanel, { admin: true, now });
    await fireEvent.click(await screen.findByRole('button', { name: 'Save register (PDF)' }));
    expect(m.saveRegister).toHaveBeenCalledWith('e1', 'en');
  });

  it('asks for the employer when there are several', async () => {
    m.employers.mockResolvedValue([KORENAAR, MOLEN]);
    render(ReportsPanel, { admin: true, now });
    await fireEvent.change(await screen.findByLabelText('Werkgever'), { target: { value: 'e2' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Register opslaan (PDF)' }));
    expect(m.saveRegister).toHaveBeenCalledWith('e2', 'nl');
  });

  it('shows the refusal for a manager in words, and nothing when the dialog was cancelled', async () => {
    m.saveStatistics.mockRejectedValueOnce(new AppError('statistics_all_departments', 'no'));
    render(ReportsPanel, { admin: false, now });
    const button = await screen.findByRole('button', { name: 'Statistiek opslaan (PDF)' });
    await fireEvent.click(button);
    expect(await screen.findByRole('alert')).toHaveTextContent('De statistiek telt alle afdelingen');
    m.saveStatistics.mockResolvedValueOnce({ files: [] });
    await fireEvent.click(button);
    await vi.waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(screen.queryByText(/Opgeslagen/)).toBeNull();
  });
});

describe('statisticsYears', () => {
  it('offers this year and the four before it', () => {
    expect(statisticsYears(new Date(2026, 0, 1))).toEqual([2026, 2025, 2024, 2023, 2022]);
  });
});

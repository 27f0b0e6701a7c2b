import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from './errors';
import { emptySiviForm, saveSivi, toSiviSaved } from './sharing';

type GoWindow = { go?: unknown };

afterEach(() => {
  delete (window as GoWindow).go;
});

function bind(fn: (...args: unknown[]) => Promise<unknown>) {
  (window as GoWindow).go = { app: { Sharing: { SaveSIVI: fn } } };
}

describe('saveSivi', () => {
  it('sends the text values trimmed and decodes the folder and files', async () => {
    const fn = vi.fn().mockResolvedValue({ folder: '/tmp/out', files: ['WerknemerGegevens.xml', 7, 'Verzuimmeldingen.xml'] });
    bind(fn);
    const saved = await saveSivi('e1', { ...emptySiviForm(), senderId: ' S1 ', contactRole: '03', contactValue: ' 020 1 ' });
    expect(saved).toEqual({ folder: '/tmp/out', files: ['WerknemerGegevens.xml', 'Verzuimmeldingen.xml'] });
    expect(fn).toHaveBeenCalledWith('e1', expect.objectContaining({ senderId: 'S1', contactRole: '03', contactValue: '020 1', causeCode: '' }));
  });

  it('a cancelled save dialog is folder "" and no files', async () => {
    bind(vi.fn().mockResolvedValue({ folder: '', files: null }));
    expect(await saveSivi('e1', emptySiviForm())).toEqual({ folder: '', files: [] });
    expect(toSiviSaved(null)).toEqual({ folder: '', files: [] });
  });

  it('sivi_incomplete comes back as an AppError with the fields', async () => {
    bind(vi.fn().mockRejectedValue(JSON.stringify({ code: 'sivi_incomplete', message: 'x', fields: { 'contact.role': 'required' } })));
    const err = await saveSivi('e1', emptySiviForm()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'sivi_incomplete', fields: { 'contact.role': 'required' } });
  });
});

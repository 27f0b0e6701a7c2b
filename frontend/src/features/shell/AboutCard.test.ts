import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/svelte';
import { toStatus, type Status } from '../../lib/api';
import { app } from '../../../wailsjs/go/models';
import { locale } from '../../lib/state/locale.svelte';
import AboutFixture from './testing/AboutFixture.svelte';

afterEach(cleanup);

const status: Status = {
  state: 'unlocked', vaultPath: '/home/petra/.config/Kluis/vault', idleLockMinutes: 10, recoveryKitPending: false,
  logPath: '/home/petra/.config/Kluis/kluis.log', version: '1.2.3-4-gabc1234',
};

describe('Over Kluis', () => {
  it('rule: the card shows the version Kluis was built as, labelled in Dutch and English', () => {
    locale.set('nl');
    render(AboutFixture, { status });
    expect(screen.getByText('Versie')).toBeTruthy();
    expect(screen.getByTestId('about-version').textContent).toBe('1.2.3-4-gabc1234');
    cleanup();
    locale.set('en');
    render(AboutFixture, { status });
    expect(screen.getByText('Version')).toBeTruthy();
  });

  it('rule: the version in the Go status reaches the frontend status', () => {
    const s = toStatus(app.Status.createFrom({ state: 'locked', vaultPath: '/v', idleLockMinutes: 10, version: '0.0.0-dev+f2cb557' }));
    expect(s.version).toBe('0.0.0-dev+f2cb557');
    expect(toStatus(app.Status.createFrom({ state: 'locked', vaultPath: '/v', idleLockMinutes: 10 })).version).toBeUndefined();
  });
});

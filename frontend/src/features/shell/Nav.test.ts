import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/svelte';
import type { Role, Status } from '../../lib/api';
import { locale } from '../../lib/state/locale.svelte';
import NavFixture from './testing/NavFixture.svelte';

beforeEach(() => locale.set('nl'));
afterEach(cleanup);

function status(role: Role): Status {
  return {
    state: 'unlocked', vaultPath: '/tmp/v', idleLockMinutes: 10, recoveryKitPending: false,
    user: { name: 'Fenna Gerritsen', email: 'fg@korenaar.example', role }, employer: { name: 'Bakkerij De Korenaar', kvk: '12345678' },
  };
}

describe('the main menu', () => {
  it('rule: a privacy officer is offered only Beheer (the Logboek and their passphrase)', () => {
    render(NavFixture, { props: { status: status('privacy') } });
    const items = screen.getAllByRole('button').map((b) => b.textContent?.trim());
    expect(items).toEqual(['Beheer']);
  });

  it('an admin is offered every page', () => {
    render(NavFixture, { props: { status: status('admin') } });
    expect(screen.getAllByRole('button').map((b) => b.textContent?.trim())).toEqual(['Actueel', 'Medewerkers', 'Beheer', 'Synchronisatie']);
  });
});

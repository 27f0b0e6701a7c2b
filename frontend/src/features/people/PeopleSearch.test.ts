import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';

vi.mock('../../lib/api', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../lib/api')>();
  return { ...orig, search: vi.fn() };
});

import * as api from '../../lib/api';
import type { SearchAnswer, SearchHit } from '../../lib/api';
import PeopleSearch from './PeopleSearch.svelte';

const m = vi.mocked(api);
afterEach(() => cleanup());

function hit(over: Partial<SearchHit>): SearchHit {
  return {
    id: 'e1', persnr: '00042', employer: 'w1', departmentPath: 'Utrecht/Magazijn', shared: true, active: true,
    matchedBy: 'name', name: 'Jan Jansen', ...over,
  };
}

/** The backend's answer: these hits, and as many in all unless total says more. */
function answer(hits: SearchHit[], total = hits.length): SearchAnswer {
  return { hits, total };
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

function setup() {
  const onchoose = vi.fn();
  render(PeopleSearch, { props: { onchoose, delay: 0 } });
  const box = screen.getByRole('combobox', { name: 'Zoeken' });
  return { box, onchoose };
}

describe('PeopleSearch', () => {
  it('is a labelled combobox with the placeholder from the brief', () => {
    const { box } = setup();
    expect(box).toHaveAttribute('placeholder', 'Persnr, naam, BSN of geboortedatum + postcode');
    expect(box).toHaveAttribute('aria-expanded', 'false');
    expect(box).toHaveAttribute('aria-autocomplete', 'list');
  });

  it('rule: a late answer to an older query is ignored', async () => {
    const { box } = setup();
    const slow = deferred<SearchAnswer>();
    const fast = deferred<SearchAnswer>();
    m.search.mockImplementation((q: string) => (q === 'Jan' ? slow.promise : fast.promise));
    await fireEvent.input(box, { target: { value: 'Jan' } });
    await waitFor(() => expect(m.search).toHaveBeenCalledWith('Jan'));
    await fireEvent.input(box, { target: { value: 'Jansen' } });
    await waitFor(() => expect(m.search).toHaveBeenCalledWith('Jansen'));
    fast.resolve(answer([hit({ id: 'e2', name: 'Piet Jansen', persnr: '00043' })]));
    expect(await screen.findByRole('option', { name: /Piet Jansen/ })).toBeInTheDocument();
    // The answer for "Jan" arrives last and must not replace the list.
    slow.resolve(answer([hit({ id: 'e1', name: 'Jan de Boer' })]));
    await new Promise((r) => setTimeout(r, 10));
    expect(screen.queryByRole('option', { name: /Jan de Boer/ })).not.toBeInTheDocument();
    expect(screen.getAllByRole('option')).toHaveLength(1);
  });

  it('rule: keyboard selection: arrows move the active option, Enter chooses it, Escape closes', async () => {
    const { box, onchoose } = setup();
    const hits = [hit({ id: 'e1', name: 'Jan Jansen' }), hit({ id: 'e2', name: '', persnr: '00077', matchedBy: 'bsn', shared: false })];
    m.search.mockResolvedValue(answer(hits));
    await fireEvent.input(box, { target: { value: '111222333' } });
    await screen.findAllByRole('option');
    expect(box).toHaveAttribute('aria-expanded', 'true');
    expect(box).not.toHaveAttribute('aria-activedescendant');

    await fireEvent.keyDown(box, { key: 'ArrowDown' });
    await fireEvent.keyDown(box, { key: 'ArrowDown' });
    const options = screen.getAllByRole('option');
    expect(options[1]).toHaveAttribute('aria-selected', 'true');
    expect(box).toHaveAttribute('aria-activedescendant', options[1]!.id);
    // An anonymised hit shows "Anoniem (Persnr …)" and the key that matched.
    expect(options[1]).toHaveTextContent('Anoniem (Persnr 00077)');
    expect(options[1]).toHaveTextContent('Gevonden op BSN');

    await fireEvent.keyDown(box, { key: 'ArrowDown' }); // wraps to the first
    expect(options[0]).toHaveAttribute('aria-selected', 'true');
    await fireEvent.keyDown(box, { key: 'ArrowUp' });
    await fireEvent.keyDown(box, { key: 'Enter' });
    expect(onchoose).toHaveBeenCalledWith(hits[1]);
    expect(box).toHaveAttribute('aria-expanded', 'false');

    await fireEvent.keyDown(box, { key: 'ArrowDown' }); // reopens the last answer
    expect(box).toHaveAttribute('aria-expanded', 'true');
    await fireEvent.keyDown(box, { key: 'Escape' });
    expect(box).toHaveAttribute('aria-expanded', 'false');
    await fireEvent.keyDown(box, { key: 'Escape' }); // a second Escape clears the box
    expect(box).toHaveValue('');
  });

  it('says "Geen resultaten" when nothing matches, also to screen readers', async () => {
    const { box } = setup();
    m.search.mockResolvedValue(answer([]));
    await fireEvent.input(box, { target: { value: 'Xyzzy' } });
    expect(await screen.findByText('Geen resultaten', { selector: 'p' })).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Geen resultaten');
  });

  it('shows the persnr, department path, status and match kind of a hit, and a click chooses it', async () => {
    const { box, onchoose } = setup();
    const h = hit({ matchedBy: 'birth_postcode', active: false });
    m.search.mockResolvedValue(answer([h]));
    await fireEvent.input(box, { target: { value: '14-03-1985 3511AB' } });
    const option = await screen.findByRole('option');
    expect(option).toHaveTextContent('Jan Jansen');
    expect(option).toHaveTextContent('00042');
    expect(option).toHaveTextContent('Utrecht/Magazijn');
    expect(option).toHaveTextContent('Uit dienst');
    expect(option).toHaveTextContent('Gevonden op Geboortedatum + postcode');
    await fireEvent.click(option);
    expect(onchoose).toHaveBeenCalledWith(h);
  });

  it('Ctrl+K and "/" focus the search box', async () => {
    const { box } = setup();
    const other = document.createElement('button');
    document.body.appendChild(other);
    other.focus();
    await fireEvent.keyDown(other, { key: 'k', ctrlKey: true });
    expect(document.activeElement).toBe(box);
    other.focus();
    await fireEvent.keyDown(other, { key: '/' });
    expect(document.activeElement).toBe(box);
    other.remove();
  });

  it('rule: hits of the previous query cannot be chosen while the new query is on its way', async () => {
    const { box, onchoose } = setup();
    m.search.mockResolvedValueOnce(answer([hit({ id: 'old', persnr: '100001' })]));
    await fireEvent.input(box, { target: { value: '100001' } });
    await screen.findByRole('option');
    const pending = deferred<SearchAnswer>();
    m.search.mockReturnValueOnce(pending.promise);
    await fireEvent.input(box, { target: { value: '000042' } });
    await fireEvent.keyDown(box, { key: 'ArrowDown' });
    await fireEvent.keyDown(box, { key: 'Enter' });
    expect(onchoose).not.toHaveBeenCalled();
    pending.resolve(answer([hit({ id: 'new', persnr: '000042' })]));
    await waitFor(() => expect(screen.getByRole('option')).toHaveTextContent('000042'));
    await fireEvent.keyDown(box, { key: 'ArrowDown' });
    await fireEvent.keyDown(box, { key: 'Enter' });
    expect(onchoose).toHaveBeenCalledWith(expect.objectContaining({ id: 'new' }));
  });

  it('rule: a search cut at 50 says so: "50 van 312 resultaten; verfijn je zoekopdracht" (issue 17)', async () => {
    const { box } = setup();
    const hits = Array.from({ length: 50 }, (_, i) => hit({ id: `e${i}`, persnr: String(1000 + i), name: `Jan Jansen ${i}` }));
    m.search.mockResolvedValue(answer(hits, 312));
    await fireEvent.input(box, { target: { value: 'jan' } });
    expect(await screen.findByTestId('search-capped')).toHaveTextContent('50 van 312 resultaten; verfijn je zoekopdracht');
    expect(screen.getByRole('status')).toHaveTextContent('50 van 312 resultaten; verfijn je zoekopdracht');
    expect(screen.getAllByRole('option')).toHaveLength(50);
  });

  it('rule: a complete list says nothing about refining', async () => {
    const { box } = setup();
    m.search.mockResolvedValue(answer([hit({})]));
    await fireEvent.input(box, { target: { value: 'Jansen' } });
    await screen.findByRole('option');
    expect(screen.queryByTestId('search-capped')).not.toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('1 resultaat');
  });

  it('rule: a birth date without a postcode gets a hint to add the postcode (issue 17)', async () => {
    const { box } = setup();
    m.search.mockResolvedValue(answer([]));
    await fireEvent.input(box, { target: { value: '14-03-1985' } });
    expect(await screen.findByTestId('search-birthdate-hint')).toHaveTextContent(
      'Geboortedatum gevonden; voeg de postcode toe om op geboortedatum te zoeken',
    );
    expect(screen.getByRole('status')).toHaveTextContent('voeg de postcode toe');
    // With the postcode the hint goes.
    m.search.mockResolvedValue(answer([hit({ matchedBy: 'birth_postcode' })]));
    await fireEvent.input(box, { target: { value: '14-03-1985 3511AB' } });
    await screen.findByRole('option');
    expect(screen.queryByTestId('search-birthdate-hint')).not.toBeInTheDocument();
  });
});

import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import DepartmentTreeChoices from './DepartmentTreeChoices.svelte';
import { includedVia, withoutCovered, type DepartmentChoice } from './departments';

const TREE: DepartmentChoice[] = [
  { id: 'amf', label: 'Amersfoort', name: 'Amersfoort', parent: '', depth: 0 },
  { id: 'utr', label: 'Utrecht', name: 'Utrecht', parent: '', depth: 0 },
  { id: 'kan', label: 'Utrecht / Kantoor', name: 'Kantoor', parent: 'utr', depth: 1 },
  { id: 'mag', label: 'Utrecht / Magazijn', name: 'Magazijn', parent: 'utr', depth: 1 },
  { id: 'exp', label: 'Utrecht / Magazijn / Expeditie', name: 'Expeditie', parent: 'mag', depth: 2 },
];

describe('a grant of a department includes the departments below it', () => {
  it('includedVia names the nearest chosen ancestor of every department below a chosen one', () => {
    const via = includedVia(TREE, ['utr', 'mag']);
    expect([...via.entries()].sort()).toEqual([
      ['exp', 'Magazijn'],
      ['kan', 'Utrecht'],
      ['mag', 'Utrecht'],
    ]);
  });

  it('withoutCovered keeps only departments not below another chosen one', () => {
    expect(withoutCovered(TREE, ['exp', 'utr', 'amf'])).toEqual(['utr', 'amf']);
  });

  it('ticking a parent checks and disables its sub-departments; unticking it leaves none chosen', async () => {
    render(DepartmentTreeChoices, { legend: 'Afdelingen', choices: TREE, value: ['exp'] });
    const utrecht = screen.getByRole('checkbox', { name: 'Utrecht' });
    await fireEvent.click(utrecht);
    const below = ['Utrecht / Kantoor', 'Utrecht / Magazijn', 'Utrecht / Magazijn / Expeditie'];
    for (const name of below) {
      const box = screen.getByRole('checkbox', { name });
      expect(box).toBeChecked();
      expect(box).toBeDisabled();
      expect(box).toHaveAccessibleDescription('inbegrepen via Utrecht');
    }
    expect(screen.getByRole('checkbox', { name: 'Amersfoort' })).not.toBeChecked();
    expect(screen.getByRole('group', { name: 'Afdelingen' })).toHaveAccessibleDescription(/ook die later worden toegevoegd/);
    // Expeditie, chosen before, was folded into Utrecht: unticking Utrecht leaves nothing chosen.
    await fireEvent.click(utrecht);
    for (const name of below) {
      const box = screen.getByRole('checkbox', { name });
      expect(box).not.toBeChecked();
      expect(box).toBeEnabled();
    }
  });
});

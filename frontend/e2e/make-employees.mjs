// Writes a synthetic payroll export (Kluis template columns, ';'-separated) with N employees over
// a few dozen departments, each with a valid BSN: the seed for the people E2E suite.
// Usage: node make-employees.mjs N FILE [startPersnr] [persnrHeader]
// persnrHeader renames the persnr column (a header Kluis does not know, for the mapping screen).
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [n = '1000', file = 'employees.csv', from = '1', persnrHeader = 'persnr'] = process.argv.slice(2);
const N = Number(n);
const first = ['Anna', 'Bram', 'Daan', 'Emma', 'Fleur', 'Gijs', 'Hanna', 'Iris', 'Jan', 'Julia', 'Koen', 'Lars', 'Lisa', 'Mila', 'Noah', 'Roos', 'Sem', 'Tess', 'Vera', 'Wouter'];
const last = ['Jansen', 'Vries', 'Bakker', 'Visser', 'Smit', 'Meijer', 'Mulder', 'Bos', 'Vos', 'Peters', 'Hendriks', 'Dekker', 'Brouwer', 'Dijkstra', 'Kok', 'Jacobs', 'Haan', 'Vermeulen', 'Berg', 'Prins'];
const places = ['Utrecht', 'Amersfoort', 'Zeist', 'Nieuwegein', 'Houten'];
const teams = ['Magazijn', 'Kantoor', 'Productie', 'Verkoop', 'ICT', 'Personeelszaken', 'Logistiek', 'Klantenservice'];

// bsn makes a distinct valid BSN (elfproef) from i; employee persnr p gets bsn(p) (the E2E tests
// search by it).
export function bsn(i) {
  for (let k = 10000000 + i * 7; ; k++) {
    const s = String(k % 100000000).padStart(8, '0');
    let sum = 0;
    for (let j = 0; j < 8; j++) sum += (9 - j) * Number(s[j]);
    const d = sum % 11;
    if (d < 10) return s + d;
  }
}

// birthAndPostcode are the birth date and postcode of the employee in row i (persnr from + i).
export function birthAndPostcode(i) {
  return [`${String(1 + (i % 28)).padStart(2, '0')}-${String(1 + (i % 12)).padStart(2, '0')}-${1960 + (i % 40)}`, `${1000 + (i % 9000)} AB`];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const lines = [persnrHeader + ';bsn;roepnaam;achternaam;geboortedatum;postcode;woonplaats;afdeling;datum_in_dienst;datum_uit_dienst;uren_per_week'];
  for (let i = 0; i < N; i++) {
    const p = Number(from) + i;
    const place = places[i % places.length];
    const end = i % 9 === 0 ? '31-03-2025' : '';
    lines.push([
      String(p).padStart(6, '0'), bsn(p), first[i % first.length], last[(i * 7) % last.length],
      ...birthAndPostcode(i), place, `${place}/${teams[(i * 3) % teams.length]}`, '01-04-2019', end, '32',
    ].join(';'));
  }
  writeFileSync(file, lines.join('\n') + '\n');
}

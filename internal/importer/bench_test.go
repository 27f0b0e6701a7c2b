package importer

import (
	"bytes"
	"fmt"
	"testing"
)

// csv100k builds a realistic 100,000-row export in our own layout (26 columns).
func csv100k() []byte {
	var b bytes.Buffer
	b.Write(bomUTF8)
	b.WriteString("persnr;bsn;voorletters;roepnaam;voornamen;tussenvoegsel;achternaam;partner_tussenvoegsel;partner_achternaam;naamgebruik;geslacht;geboortedatum;straat;huisnummer;toevoeging;postcode;woonplaats;land;telefoon;email_werk;afdeling;kostenplaats;functie;datum_in_dienst;datum_uit_dienst;uren_per_week\r\n")
	for i := 0; i < 100_000; i++ {
		fmt.Fprintf(&b, "%06d;%09d;J.P.;Jan;Jan Pieter;van der;Achternaam%d;;;own;M;%02d-%02d-19%02d;Voorbeeldstraat;%d;;%04d AB;Voorbeeldstad;NL;06 %08d;j%d@example.nl;Vestiging %d/Afdeling %d;KP%03d;\"Medewerker; niveau %d\";01-02-2020;;32,5\r\n",
			i, 999990000+i, i, i%28+1, i%12+1, 50+i%40, i%200+1, 1000+i%9000, i, i, i%20, i%50, i%300, i%5)
	}
	return b.Bytes()
}

func BenchmarkRead100k(b *testing.B) {
	data := csv100k()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		tab, err := Read(bytes.NewReader(data), "bench.csv", Options{})
		if err != nil {
			b.Fatal(err)
		}
		if len(tab.Rows) != 100_000 || len(tab.Problems) != 0 {
			b.Fatalf("rows %d problems %d", len(tab.Rows), len(tab.Problems))
		}
	}
}

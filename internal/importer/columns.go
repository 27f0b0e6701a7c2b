package importer

import (
	"strings"
	"unicode/utf8"
)

// Canonical column names, as listed in CLI.md ("Import columns"). They are the keys of
// Row.Values and the right-hand side of Options.Map.
const (
	ColPersnr               = "persnr"
	ColBSN                  = "bsn"
	ColVoorletters          = "voorletters"
	ColRoepnaam             = "roepnaam"
	ColVoornamen            = "voornamen"
	ColTussenvoegsel        = "tussenvoegsel"
	ColAchternaam           = "achternaam"
	ColPartnerTussenvoegsel = "partner_tussenvoegsel"
	ColPartnerAchternaam    = "partner_achternaam"
	ColNaamgebruik          = "naamgebruik"
	ColGeslacht             = "geslacht"
	ColGeboortedatum        = "geboortedatum"
	ColStraat               = "straat"
	ColHuisnummer           = "huisnummer"
	ColToevoeging           = "toevoeging"
	ColPostcode             = "postcode"
	ColWoonplaats           = "woonplaats"
	ColLand                 = "land"
	ColTelefoon             = "telefoon"
	ColTelefoonWerk         = "telefoon_werk"
	ColTelefoonPrive        = "telefoon_prive"
	ColEmail                = "email"
	ColEmailWerk            = "email_werk"
	ColEmailPrive           = "email_prive"
	ColAfdeling             = "afdeling"
	ColKostenplaats         = "kostenplaats"
	ColFunctie              = "functie"
	ColDatumInDienst        = "datum_in_dienst"
	ColDatumUitDienst       = "datum_uit_dienst"
	ColUrenPerWeek          = "uren_per_week"
)

// Canonical lists every canonical column in the order of CLI.md; Template writes them in
// this order.
var Canonical = []string{
	ColPersnr, ColBSN, ColVoorletters, ColRoepnaam, ColVoornamen, ColTussenvoegsel,
	ColAchternaam, ColPartnerTussenvoegsel, ColPartnerAchternaam, ColNaamgebruik,
	ColGeslacht, ColGeboortedatum, ColStraat, ColHuisnummer, ColToevoeging, ColPostcode,
	ColWoonplaats, ColLand, ColTelefoon, ColTelefoonWerk, ColTelefoonPrive, ColEmail,
	ColEmailWerk, ColEmailPrive, ColAfdeling, ColKostenplaats, ColFunctie,
	ColDatumInDienst, ColDatumUitDienst, ColUrenPerWeek,
}

// Required lists the columns a file must have, each with a value on every row.
var Required = []string{ColPersnr, ColAchternaam, ColAfdeling, ColDatumInDienst}

var (
	canonicalSet = func() map[string]bool {
		m := make(map[string]bool, len(Canonical))
		for _, c := range Canonical {
			m[c] = true
		}
		return m
	}()
	requiredSet = map[string]bool{ColPersnr: true, ColAchternaam: true, ColAfdeling: true, ColDatumInDienst: true}
)

// IsCanonical reports whether name is one of the canonical column names (exactly, as in
// Canonical).
func IsCanonical(name string) bool { return canonicalSet[name] }

// accentFold maps the accented letters that turn up in Dutch headers ("Privé", "Toev.
// aan huisnr.") to their plain letter, so "telefoon privé" matches "telefoon_prive".
var accentFold = map[rune]rune{
	'á': 'a', 'à': 'a', 'ä': 'a', 'â': 'a',
	'é': 'e', 'è': 'e', 'ë': 'e', 'ê': 'e',
	'í': 'i', 'ì': 'i', 'ï': 'i', 'î': 'i',
	'ó': 'o', 'ò': 'o', 'ö': 'o', 'ô': 'o',
	'ú': 'u', 'ù': 'u', 'ü': 'u', 'û': 'u',
	'ç': 'c',
}

// NormalizeHeader reduces a header cell to the form used for matching: surrounding
// whitespace, a byte-order mark and one pair of surrounding square brackets removed,
// lower-cased, with spaces, '-' and '_' dropped and common accents folded. "[Eigen naam]",
// "Eigen-Naam" and "eigen_naam" all become "eigennaam".
func NormalizeHeader(h string) string {
	h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
	if strings.HasPrefix(h, "[") && strings.HasSuffix(h, "]") && len(h) >= 2 {
		h = strings.TrimSpace(h[1 : len(h)-1])
	}
	var b strings.Builder
	b.Grow(len(h))
	for _, r := range strings.ToLower(h) {
		switch {
		case r == ' ' || r == '\t' || r == '\u00a0' || r == '-' || r == '_':
			continue
		case r == utf8.RuneError:
			continue
		}
		if f, ok := accentFold[r]; ok {
			r = f
		}
		b.WriteRune(r)
	}
	return b.String()
}

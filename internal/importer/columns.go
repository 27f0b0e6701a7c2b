package importer

import (
	"strings"
	"unicode/utf8"

	"kluis/internal/validate"
)

// Canonical column names, as listed in CLI.md ("Import columns"): the names of the one table
// of employee fields (validate.EmployeeFields). They are the keys of Row.Values and the
// right-hand side of Options.Map.
const (
	ColPersnr               = validate.FieldPersnr
	ColBSN                  = validate.FieldBSN
	ColVoorletters          = validate.FieldInitials
	ColRoepnaam             = validate.FieldFirstName
	ColVoornamen            = validate.FieldFirstNames
	ColTussenvoegsel        = validate.FieldPrefix
	ColAchternaam           = validate.FieldSurname
	ColPartnerTussenvoegsel = validate.FieldPartnerPrefix
	ColPartnerAchternaam    = validate.FieldPartnerSurname
	ColNaamgebruik          = validate.FieldNameUsage
	ColGeslacht             = validate.FieldGender
	ColGeboortedatum        = validate.FieldBirthDate
	ColStraat               = validate.FieldStreet
	ColHuisnummer           = validate.FieldNumber
	ColToevoeging           = validate.FieldAddition
	ColPostcode             = validate.FieldPostcode
	ColWoonplaats           = validate.FieldCity
	ColLand                 = validate.FieldCountry
	ColTelefoon             = validate.FieldPhoneMobile
	ColTelefoonWerk         = validate.FieldPhoneWork
	ColTelefoonPrive        = validate.FieldPhonePrivate
	ColEmail                = validate.FieldEmail
	ColEmailWerk            = validate.FieldEmailWork
	ColEmailPrive           = validate.FieldEmailPrivate
	ColAfdeling             = validate.FieldDepartment
	ColKostenplaats         = validate.FieldCostCentre
	ColFunctie              = validate.FieldJobTitle
	ColDatumInDienst        = validate.FieldStart
	ColDatumUitDienst       = validate.FieldEnd
	ColUrenPerWeek          = validate.FieldHours
	ColSoortContract        = validate.FieldContract
	ColSector               = validate.FieldSector
	ColRisicopremiegroep    = validate.FieldRiskGroup
	ColUWVReferentie        = validate.FieldUWVRef
)

// Canonical lists every canonical column in the order of CLI.md (the one table's order);
// Template writes them in this order.
var Canonical = func() []string {
	out := make([]string, len(validate.EmployeeFields))
	for i, f := range validate.EmployeeFields {
		out[i] = f.Name
	}
	return out
}()

// Required lists the columns a file must have (the one table's required fields). That each
// row has a value in them is a field rule, checked with the others by the use case.
var Required = func() []string {
	var out []string
	for _, f := range validate.EmployeeFields {
		if f.Required {
			out = append(out, f.Name)
		}
	}
	return out
}()

var canonicalSet = func() map[string]bool {
	m := make(map[string]bool, len(Canonical))
	for _, c := range Canonical {
		m[c] = true
	}
	return m
}()

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
// lower-cased, with spaces, '-', '_' and '.' dropped and common accents folded. "[Eigen
// naam]", "Eigen-Naam" and "eigen_naam" all become "eigennaam"; "Geb. datum" becomes
// "gebdatum".
func NormalizeHeader(h string) string {
	h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
	if strings.HasPrefix(h, "[") && strings.HasSuffix(h, "]") && len(h) >= 2 {
		h = strings.TrimSpace(h[1 : len(h)-1])
	}
	var b strings.Builder
	b.Grow(len(h))
	for _, r := range strings.ToLower(h) {
		switch {
		case r == ' ' || r == '\t' || r == '\u00a0' || r == '-' || r == '_' || r == '.':
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

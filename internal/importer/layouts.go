package importer

import (
	"strings"

	"kluis/internal/validate"
)

// Layout names. Table.Layout holds one of these, or "" when no known layout matched.
const (
	LayoutKluis = "kluis" // our own template: the canonical column names
	LayoutNmbrs = "nmbrs" // Visma Nmbrs employee import sheet
	LayoutAFAS  = "afas"  // AFAS Profit GetConnector export (captions)
	LayoutLoket = "loket" // Loket.nl employee export / import sheet
	LayoutRaet  = "raet"  // Visma Raet / Youforce HR Core (Beaufort) export
	LayoutExact = "exact" // Exact Online payroll employees export
)

// Name-usage values (naamgebruik) after normalisation: the one table's choices.
const (
	UsageOwn        = validate.NameUsageOwn        // own (birth) surname only
	UsagePartner    = validate.NameUsagePartner    // partner's surname only
	UsagePartnerOwn = validate.NameUsagePartnerOwn // partner's surname, then own: "Jansen-De Vries"
	UsageOwnPartner = validate.NameUsageOwnPartner // own surname, then partner's
)

// Gender values (geslacht) after normalisation: M man, V vrouw, X not specified, O unknown
// (the one table's choices).
const (
	GenderMan         = validate.GenderMan
	GenderWoman       = validate.GenderWoman
	GenderUnspecified = validate.GenderUnspecified
	GenderUnknown     = validate.GenderUnknown
)

// layout is one payroll system's export: the header names it writes, each mapped to a
// canonical column, in order of preference (when two headers of a layout map to the same
// column, the earlier one wins and the later one is left unmapped), and the numeric
// name-usage codes it uses, if any.
type layout struct {
	name, title string
	columns     []headerMap
	// usageCodes holds the layout's own (numeric) naamgebruik codes. Letter codes and
	// words are shared by all layouts (sharedUsage).
	usageCodes map[string]string
	// skip names the layout's own columns that hold nothing Kluis keeps (the payroll
	// system's bookkeeping, or a value derived from columns Kluis does read). When no
	// field takes them they are not imported without being reported (Column.Ignored).
	skip []string
}

type headerMap struct{ header, canonical string }

// LayoutInfo names a known layout for a "force layout" choice in the UI or CLI.
type LayoutInfo struct {
	Name  string `json:"name"`
	Title string `json:"title"`
}

// Layouts lists the known layouts in detection order (earlier wins a tie).
func Layouts() []LayoutInfo {
	out := make([]LayoutInfo, len(layouts))
	for i, l := range layouts {
		out[i] = LayoutInfo{Name: l.name, Title: l.title}
	}
	return out
}

func findLayout(name string) *layout {
	for _, l := range layouts {
		if l.name == name {
			return l
		}
	}
	return nil
}

// Name-usage codes per system. Meanings were checked against these sources:
//
//   - AFAS Profit, field ViUs ("Naamgebruik") of KnPerson, code table as quoted in the
//     comments of public AFAS connector code: 0 Geboortenaam (own), 1 Geb. naam partner +
//     Geboortenaam (partner-own), 2 Geboortenaam partner (partner), 3 Geboortenaam + Geb.
//     naam partner (own-partner).
//   - Visma Nmbrs import sheet, column NaamSamenstelling (support.nmbrs.nl article
//     204052926): 1 alleen eigennaam (own), 2 alleen partnernaam (partner), 3 partnernaam
//   - eigennaam (partner-own), 4 eigennaam - partnernaam (own-partner). NEN 1888 numbers
//     the same four usages the same way.
//   - Beaufort / Raet HR Core, field P00304 (gebruik achternaam), as used in public
//     HelloID connector scripts: E eigen (own), P partner, B partner + eigen
//     (partner-own), C eigen + partner (own-partner).
//   - BRP (the Dutch population register) "aanduiding naamgebruik": E own, P partner,
//     V partner voor eigen (partner-own), N partner na eigen (own-partner).
//
// Where the sources disagree: the numeric codes clash. AFAS "1" is partner-own while
// Nmbrs/NEN 1888 "1" is own; AFAS "3" is own-partner while Nmbrs "3" is partner-own.
// So a numeric code is read only under the AFAS or Nmbrs layout, and is a Problem
// (ambiguous_code) anywhere else. The letter codes do not clash (Beaufort's B/C and the
// BRP's V/N are different letters for the same two usages), so they are accepted under
// every layout. One public HelloID script maps Beaufort "C" to the text "Geboortenaam"
// through a JavaScript comma-operator slip; its name-building code in the same file
// treats C as own-partner, which is what we follow.
var (
	afasUsage = map[string]string{
		"0": UsageOwn, "1": UsagePartnerOwn, "2": UsagePartner, "3": UsageOwnPartner,
	}
	nmbrsUsage = map[string]string{
		"1": UsageOwn, "2": UsagePartner, "3": UsagePartnerOwn, "4": UsageOwnPartner,
	}
	// sharedUsage holds letter codes and words, keyed by normCode.
	sharedUsage = map[string]string{
		"own": UsageOwn, "eigen": UsageOwn, "e": UsageOwn, "eigennaam": UsageOwn,
		"alleeneigennaam": UsageOwn, "geboortenaam": UsageOwn,

		"partner": UsagePartner, "p": UsagePartner, "partnernaam": UsagePartner,
		"alleenpartnernaam": UsagePartner, "geboortenaampartner": UsagePartner,
		"gebnaampartner": UsagePartner,

		"partner-own": UsagePartnerOwn, "partner-eigen": UsagePartnerOwn,
		"partnernaam-eigennaam": UsagePartnerOwn, "b": UsagePartnerOwn, "v": UsagePartnerOwn,
		"gebnaampartner+geboortenaam": UsagePartnerOwn,

		"own-partner": UsageOwnPartner, "eigen-partner": UsageOwnPartner,
		"eigennaam-partnernaam": UsageOwnPartner, "c": UsageOwnPartner, "n": UsageOwnPartner,
		"geboortenaam+gebnaampartner": UsageOwnPartner,
	}
	// genderCodes is shared by every layout: the letters M/V/X/O (AFAS uses M, V, O and
	// X), the words, and the numeric 1 = man, 2 = vrouw of Nmbrs (Geslacht) and ISO/IEC
	// 5218 (where 0 = not known). No source we know uses the digits the other way round.
	genderCodes = map[string]string{
		"m": GenderMan, "man": GenderMan, "male": GenderMan, "1": GenderMan,
		"v": GenderWoman, "vrouw": GenderWoman, "f": GenderWoman, "female": GenderWoman, "2": GenderWoman,
		"x": GenderUnspecified, "nietgespecificeerd": GenderUnspecified, "onzijdig": GenderUnspecified,
		"o": GenderUnknown, "onbekend": GenderUnknown, "unknown": GenderUnknown, "0": GenderUnknown,
	}
)

// normCode folds a code cell for lookup: lower case, spaces, dots and underscores
// dropped ("Geb. naam partner + Geboortenaam" -> "gebnaampartner+geboortenaam"), leading
// zeros of a number dropped ("01" -> "1").
func normCode(v string) string {
	v = strings.ToLower(strings.TrimSpace(v))
	v = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '.', '_', '\u00a0':
			return -1
		}
		return r
	}, v)
	if len(v) > 1 && strings.Trim(v, "0123456789") == "" {
		v = strings.TrimLeft(v, "0")
		if v == "" {
			v = "0"
		}
	}
	return v
}

func isDigits(s string) bool { return s != "" && strings.Trim(s, "0123456789") == "" }

// NameUsage maps a naamgebruik cell to own, partner, partner-own or own-partner under a
// layout (one of the Layout* names, or "" for none). ok is false for an unknown code;
// ambiguous is true for a numeric code under a layout whose numbers we do not know
// (numeric codes clash between systems, see the table above).
func NameUsage(layoutName, code string) (usage string, ok, ambiguous bool) {
	c := normCode(code)
	if u, found := sharedUsage[c]; found {
		return u, true, false
	}
	if l := findLayout(layoutName); l != nil && l.usageCodes != nil {
		if u, found := l.usageCodes[c]; found {
			return u, true, false
		}
		return "", false, false
	}
	return "", false, isDigits(c)
}

// Gender maps a geslacht cell to M, V, X or O. ok is false for an unknown code.
func Gender(code string) (string, bool) {
	g, ok := genderCodes[normCode(code)]
	return g, ok
}

// The layouts. Each table lists a system's header names as they appear in its export,
// mapped to canonical columns, in order of preference. Headers are compared after
// NormalizeHeader, so case, spaces, '-', '_' and brackets do not matter here.
//
// A word on evidence: the names CLI.md lists for each system were given to us; the
// Nmbrs names up to Huisnummertoev come from the Nmbrs import-sheet article, the AFAS
// partner captions from the KnPerson field descriptions as quoted in public AFAS
// connector code, the Exact names from the Exact Online REST payroll/Employees entity. The remaining names (marked
// "assumed") are our best reading of each system's captions and should be checked
// against a real export; adding or fixing one is a one-line change here plus a fixture.
var layouts = []*layout{
	{
		// Our own template (Template writes it): the canonical names themselves.
		name:  LayoutKluis,
		title: "Kluis template",
		columns: func() []headerMap {
			m := make([]headerMap, len(Canonical))
			for i, c := range Canonical {
				m[i] = headerMap{c, c}
			}
			return m
		}(),
	},
	{
		// Source: Visma Nmbrs, "Importsheet tab: Werknemers"
		// (support.nmbrs.nl/hc/nl/articles/204052926). Dates dd-mm-jjjj, Geslacht 1/2,
		// NaamSamenstelling 1-4.
		name:       LayoutNmbrs,
		title:      "Visma Nmbrs employee import sheet",
		usageCodes: nmbrsUsage,
		// The payroll office's client number and the company number within it.
		skip: []string{"Debiteurnr", "Bedrijfnr"},
		columns: []headerMap{
			{"Persnr", ColPersnr},
			{"Naam", ColAchternaam}, // "Naam Medewerker": the surname
			{"Voorletters", ColVoorletters},
			{"Roepnaam", ColRoepnaam},
			{"Voornamen", ColVoornamen},
			{"Voorvoegsels", ColTussenvoegsel},
			{"VoorvoegselsPartner", ColPartnerTussenvoegsel},
			{"NaamPartner", ColPartnerAchternaam},
			{"NaamSamenstelling", ColNaamgebruik},
			{"BSN", ColBSN},
			{"TelefoonWerk", ColTelefoonWerk},
			{"MobielWerk", ColTelefoonWerk}, // used when TelefoonWerk is absent
			{"MobielPrive", ColTelefoonPrive},
			{"TelefoonPrive", ColTelefoon},
			{"Telefoonoverig", ColTelefoon},
			{"EmailWerk", ColEmailWerk},
			{"EmailPrive", ColEmailPrive},
			{"Geslacht", ColGeslacht},
			{"Geboortedatum", ColGeboortedatum},
			{"Postcode", ColPostcode},
			{"Huisadres", ColStraat},
			{"Huisnummer", ColHuisnummer},
			{"Huisnummertoev", ColToevoeging},
			{"Woonplaats", ColWoonplaats},               // assumed
			{"CodeLand", ColLand},                       // assumed (ISO code, like CodeGeboorteland)
			{"Afdeling", ColAfdeling},                   // assumed
			{"Kostenplaats", ColKostenplaats},           // assumed
			{"Functie", ColFunctie},                     // assumed
			{"DatumInDienst", ColDatumInDienst},         // assumed
			{"DatumUitDienst", ColDatumUitDienst},       // assumed
			{"UrenPerWeek", ColUrenPerWeek},             // assumed
			{"ContractType", ColSoortContract},          // assumed
			{"Sector", ColSector},                       // assumed
			{"Risicopremiegroep", ColRisicopremiegroep}, // assumed
		},
	},
	{
		// Source: AFAS Profit GetConnector captions (CLI.md) and the KnPerson field
		// descriptions. Naamgebruik 0-3, Geslacht M/V/O/X, dates as the export's locale
		// writes them (dd-mm-jjjj or an ISO timestamp).
		name:       LayoutAFAS,
		title:      "AFAS Profit GetConnector export",
		usageCodes: afasUsage,
		// Achternaam is the surname as composed from the birth and partner names by the
		// name usage, which Kluis composes itself from Geboortenaam and the partner's name.
		skip: []string{"Achternaam"},
		columns: []headerMap{
			{"Medewerker", ColPersnr},
			{"Voorletters", ColVoorletters},
			{"Roepnaam", ColRoepnaam},
			{"Voornamen", ColVoornamen},
			{"Geboortenaam voorvoegsel", ColTussenvoegsel},
			{"Geboortenaam", ColAchternaam},
			{"Voorvoegsel partner", ColPartnerTussenvoegsel},
			{"Geb. naam partner", ColPartnerAchternaam},
			{"Naamgebruik code", ColNaamgebruik},
			{"Naamgebruik", ColNaamgebruik}, // assumed: description instead of code
			{"Geslacht", ColGeslacht},
			{"Geboortedatum", ColGeboortedatum},
			{"BSN", ColBSN},
			{"Straat", ColStraat},                 // assumed
			{"Huisnummer", ColHuisnummer},         // assumed
			{"Toev. aan huisnr.", ColToevoeging},  // assumed
			{"Postcode", ColPostcode},             // assumed
			{"Woonplaats", ColWoonplaats},         // assumed
			{"Land", ColLand},                     // assumed
			{"Telefoonnr. werk", ColTelefoonWerk}, // assumed
			{"Mobiel werk", ColTelefoonWerk},      // assumed
			{"Telefoonnr. privé", ColTelefoon},    // assumed
			{"Mobiel privé", ColTelefoonPrive},    // assumed
			{"E-mail werk", ColEmailWerk},         // assumed
			{"E-mail privé", ColEmailPrive},       // assumed
			{"OE_omschrijving", ColAfdeling},
			{"OE_code", ColAfdeling},             // assumed: used when the description is absent
			{"Kostenplaats", ColKostenplaats},    // assumed
			{"Functie omschrijving", ColFunctie}, // assumed
			{"Begindatum contract", ColDatumInDienst},
			{"Einddatum contract", ColDatumUitDienst},   // assumed
			{"Aantal uren per week", ColUrenPerWeek},    // assumed
			{"Type contract", ColSoortContract},         // assumed
			{"Sector", ColSector},                       // assumed
			{"Risicopremiegroep", ColRisicopremiegroep}, // assumed
		},
	},
	{
		// Source: Loket.nl employee sheet (CLI.md: "BSN", or "Sofinummer" in files from
		// Loket.nl Classic, per the Loket helpdesk article "Import werknemers"). The other
		// names are assumed. Naamgebruik codes unknown: letters and words only.
		name:  LayoutLoket,
		title: "Loket.nl employee export",
		columns: []headerMap{
			{"Werknemersnummer", ColPersnr}, // assumed
			{"Personeelsnummer", ColPersnr}, // assumed
			{"BSN", ColBSN},
			{"Sofinummer", ColBSN},
			{"Voorletters", ColVoorletters},
			{"Roepnaam", ColRoepnaam},
			{"Voornamen", ColVoornamen},
			{"Voorvoegsel", ColTussenvoegsel}, // assumed
			{"Achternaam", ColAchternaam},
			{"Voorvoegsel partner", ColPartnerTussenvoegsel}, // assumed
			{"Achternaam partner", ColPartnerAchternaam},     // assumed
			{"Naamgebruik", ColNaamgebruik},
			{"Geslacht", ColGeslacht},
			{"Geboortedatum", ColGeboortedatum},
			{"Straat", ColStraat},
			{"Huisnummer", ColHuisnummer},
			{"Huisnummer toevoeging", ColToevoeging}, // assumed
			{"Postcode", ColPostcode},
			{"Plaats", ColWoonplaats}, // assumed
			{"Land", ColLand},
			{"Telefoonnummer", ColTelefoon},     // assumed
			{"Mobiel nummer", ColTelefoonPrive}, // assumed
			{"E-mailadres", ColEmail},           // assumed
			{"E-mailadres werk", ColEmailWerk},  // assumed
			{"Afdeling", ColAfdeling},
			{"Kostenplaats", ColKostenplaats},
			{"Functie", ColFunctie},
			{"Soort contract", ColSoortContract},         // assumed
			{"Sector", ColSector},                        // assumed
			{"Sector risicogroep", ColRisicopremiegroep}, // assumed: the loonaangifte's 3-digit code
			{"Risicopremiegroep", ColRisicopremiegroep},  // assumed
		},
	},
	{
		// Source: Visma Raet / Youforce HR Core (Beaufort) report export: bracketed
		// captions, '|' separator, jjjjmmdd dates (CLI.md). Naamgebruik E/P/B/C (field
		// P00304). Names other than the five in CLI.md are assumed.
		name:  LayoutRaet,
		title: "Visma Raet / Youforce HR Core export",
		columns: []headerMap{
			{"[Personeelsnummer]", ColPersnr},
			{"[Initialen]", ColVoorletters},
			{"[Roepnaam]", ColRoepnaam},                     // assumed
			{"[Voornamen]", ColVoornamen},                   // assumed
			{"[Voorvoegsels eigen naam]", ColTussenvoegsel}, // assumed
			{"[Eigen naam]", ColAchternaam},
			{"[Voorvoegsels naam partner]", ColPartnerTussenvoegsel}, // assumed
			{"[Naam partner]", ColPartnerAchternaam},                 // assumed
			{"[Gebruik achternaam]", ColNaamgebruik},                 // assumed (P00304)
			{"[Geslacht]", ColGeslacht},                              // assumed
			{"[Geboortedatum]", ColGeboortedatum},                    // assumed
			{"[Burgerservicenummer]", ColBSN},                        // assumed
			{"[Straat]", ColStraat},                                  // assumed
			{"[Huisnummer]", ColHuisnummer},                          // assumed
			{"[Huisnummer toevoeging]", ColToevoeging},               // assumed
			{"[Postcode]", ColPostcode},                              // assumed
			{"[Woonplaats]", ColWoonplaats},                          // assumed
			{"[Landcode]", ColLand},                                  // assumed
			{"[Telefoon prive]", ColTelefoonPrive},                   // assumed
			{"[Telefoon werk]", ColTelefoonWerk},                     // assumed
			{"[E-mail prive]", ColEmailPrive},                        // assumed
			{"[E-mail werk]", ColEmailWerk},                          // assumed
			{"[Afdelingscode]", ColAfdeling},
			{"[Kostenplaats]", ColKostenplaats}, // assumed
			{"[Functienaam]", ColFunctie},       // assumed
			{"[Begindatum]", ColDatumInDienst},
			{"[Einddatum]", ColDatumUitDienst},            // assumed
			{"[Uren per week]", ColUrenPerWeek},           // assumed
			{"[Soort contract]", ColSoortContract},        // assumed
			{"[Sector]", ColSector},                       // assumed
			{"[Risicopremiegroep]", ColRisicopremiegroep}, // assumed
		},
	},
	{
		// Source: Exact Online REST API, entity payroll/Employees (property names are
		// the export's column names). Dates are ISO timestamps. NameComposition is left
		// unmapped on purpose: its numeric values are not documented in any source we
		// could check, and a wrong guess would silently change people's names.
		name:  LayoutExact,
		title: "Exact Online payroll employees export",
		// LastName is read when BirthName is absent; next to BirthName it is the surname
		// as composed from the birth and partner names, which Kluis composes itself.
		skip: []string{"LastName"},
		columns: []headerMap{
			{"Code", ColPersnr},
			{"SocialSecurityNumber", ColBSN},
			{"Initials", ColVoorletters},
			{"NickName", ColRoepnaam},
			{"FirstName", ColVoornamen},
			{"BirthNamePrefix", ColTussenvoegsel},
			{"BirthName", ColAchternaam},
			{"MiddleName", ColTussenvoegsel}, // used when BirthNamePrefix is absent
			{"LastName", ColAchternaam},      // used when BirthName is absent
			{"PartnerNamePrefix", ColPartnerTussenvoegsel},
			{"PartnerName", ColPartnerAchternaam},
			{"Gender", ColGeslacht},
			{"BirthDate", ColGeboortedatum},
			{"AddressStreet", ColStraat},
			{"AddressStreetNumber", ColHuisnummer},
			{"AddressStreetNumberSuffix", ColToevoeging},
			{"Postcode", ColPostcode},
			{"City", ColWoonplaats},
			{"Country", ColLand},
			{"Phone", ColTelefoon},
			{"Mobile", ColTelefoonPrive},
			{"BusinessPhone", ColTelefoonWerk},
			{"BusinessMobile", ColTelefoonWerk},
			{"Email", ColEmail},
			{"BusinessEmail", ColEmailWerk},
			{"PrivateEmail", ColEmailPrive},
			{"DepartmentCode", ColAfdeling},        // assumed (from the employment)
			{"DepartmentDescription", ColAfdeling}, // assumed
			{"CostcenterCode", ColKostenplaats},    // assumed
			{"JobTitleDescription", ColFunctie},    // assumed
			{"StartDate", ColDatumInDienst},
			{"EndDate", ColDatumUitDienst},
			{"AverageHoursPerWeek", ColUrenPerWeek}, // assumed
			{"ContractType", ColSoortContract},      // assumed
			{"Sector", ColSector},                   // assumed
			{"RiskGroup", ColRisicopremiegroep},     // assumed
		},
	},
}

// synonyms are the headers people write in files of their own (and that exports share),
// matched under every layout, after the layout's own names and the canonical names: one row
// per header, each unambiguous. "Naam" is not here on purpose: in a file of one's own it is
// as often the full name as the surname (under the Nmbrs layout it is the surname).
// Headers are compared after NormalizeHeader, so "Geb. datum", "geb-datum" and "GebDatum"
// are one synonym.
var synonyms = []headerMap{
	{"Personeelsnummer", ColPersnr},
	{"Personeelsnr", ColPersnr},
	{"Persnummer", ColPersnr},
	{"Medewerkernummer", ColPersnr},
	{"Medewerkersnummer", ColPersnr},
	{"Sofinummer", ColBSN}, // older exports (CLI.md)
	{"Sofinr", ColBSN},
	{"Burgerservicenummer", ColBSN},
	{"BSN-nummer", ColBSN},
	{"Initialen", ColVoorletters},
	{"Voornaam", ColRoepnaam}, // the first name a person uses (CLI.md)
	{"Voorvoegsel", ColTussenvoegsel},
	{"Tussenvoegsels", ColTussenvoegsel},
	{"Geslachtsnaam", ColAchternaam},
	{"Familienaam", ColAchternaam},
	{"Geb. datum", ColGeboortedatum},
	{"Geboren", ColGeboortedatum},
	{"Straatnaam", ColStraat},
	{"Huisnr", ColHuisnummer},
	{"Toev", ColToevoeging},
	{"Plaats", ColWoonplaats},
	{"Telefoonnummer", ColTelefoon},
	{"Mobiel", ColTelefoon}, // telefoon is the mobile number (imports doc)
	{"Mobiel nummer", ColTelefoon},
	{"Mobiele telefoon", ColTelefoon},
	{"GSM", ColTelefoon},
	{"E-mailadres", ColEmail},
	{"Mailadres", ColEmail},
	{"Afdelingsnaam", ColAfdeling},
	{"Functienaam", ColFunctie},
	{"Functieomschrijving", ColFunctie},
	{"In dienst", ColDatumInDienst},
	{"In dienst per", ColDatumInDienst},
	{"Startdatum", ColDatumInDienst},
	{"Datum indiensttreding", ColDatumInDienst},
	{"Uit dienst", ColDatumUitDienst},
	{"Uit dienst per", ColDatumUitDienst},
	{"Datum uitdiensttreding", ColDatumUitDienst},
	{"Uren", ColUrenPerWeek},
	{"Contracturen", ColUrenPerWeek},
	{"Contractsoort", ColSoortContract},
	{"Soort dienstverband", ColSoortContract},
	{"Sectorcode", ColSector},
	{"Sectornummer", ColSector},
	{"Risicogroep", ColRisicopremiegroep},
	{"Sector risicogroep", ColRisicopremiegroep}, // the loonaangifte's 3-digit sector/risk group code
	{"UWV kenmerk", ColUWVReferentie},
	{"UWV nummer", ColUWVReferentie},
}

// normalised lookup tables, built once.
var (
	// layoutIndex holds each layout's headers, normalised.
	layoutIndex = func() map[string]map[string]bool {
		m := make(map[string]map[string]bool, len(layouts))
		for _, l := range layouts {
			set := make(map[string]bool, len(l.columns))
			for _, c := range l.columns {
				if !canonicalSet[c.canonical] {
					panic("importer: layout " + l.name + " maps to unknown column " + c.canonical)
				}
				set[NormalizeHeader(c.header)] = true
			}
			m[l.name] = set
		}
		return m
	}()
	// skipIndex holds each layout's skip headers, normalised.
	skipIndex = func() map[string]map[string]bool {
		m := make(map[string]map[string]bool, len(layouts))
		for _, l := range layouts {
			set := make(map[string]bool, len(l.skip))
			for _, h := range l.skip {
				set[NormalizeHeader(h)] = true
			}
			m[l.name] = set
		}
		return m
	}()
	// generic holds the headers that say nothing about the payroll system a file comes
	// from: the canonical names and the synonyms.
	generic = func() map[string]bool {
		m := make(map[string]bool, len(Canonical)+len(synonyms))
		for _, c := range Canonical {
			m[NormalizeHeader(c)] = true
		}
		for _, s := range synonyms {
			if !canonicalSet[s.canonical] {
				panic("importer: synonym " + s.header + " maps to unknown column " + s.canonical)
			}
			m[NormalizeHeader(s.header)] = true
		}
		return m
	}()
)

// detectLayout picks the layout a header (normalised cells) comes from, or nil when none is
// recognised. A layout qualifies only by evidence: the Kluis template when the required columns
// carry their canonical names, a payroll layout when at least one header is its own (not a
// canonical name and not a synonym that anyone may write). Of the layouts that qualify, the one
// that knows most headers wins; a tie goes to the earlier in the table. So a file of one's own
// with "Voornaam;Achternaam;In dienst" is "none recognised", not the Kluis template.
func detectLayout(norm []string) *layout {
	present := make(map[string]bool, len(norm))
	for _, n := range norm {
		if n != "" {
			present[n] = true
		}
	}
	var best *layout
	bestScore := 0
	for _, l := range layouts {
		set, score, own := layoutIndex[l.name], 0, false
		for n := range present {
			if set[n] {
				score++
				own = own || !generic[n]
			}
		}
		if l.name == LayoutKluis {
			own = true
			for _, c := range Required {
				own = own && present[NormalizeHeader(c)]
			}
		}
		if own && score > bestScore {
			best, bestScore = l, score
		}
	}
	return best
}

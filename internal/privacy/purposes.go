package privacy

// Text is one text in Dutch and English.
type Text struct {
	NL string `json:"nl"`
	EN string `json:"en"`
}

// In returns the text in lang ("en" English, anything else Dutch).
func (t Text) In(lang string) string {
	if lang == "en" {
		return t.EN
	}
	return t.NL
}

// Purpose is one processing activity of the vault.
type Purpose struct {
	Code       string `json:"code"`
	Name       Text   `json:"name"`
	Basis      Text   `json:"legalBasis"`
	Data       Text   `json:"dataCategories"`
	People     Text   `json:"dataSubjects"`
	Recipients Text   `json:"recipients"`
	Retention  Text   `json:"retention"`
}

// Retention periods in years (DOMAIN.md): personnel and absence data after the last employment
// ends, and the audit log.
const (
	RetentionPersonnelYears = 2
	RetentionLogYears       = 5
)

// Purposes are the processing activities, in the order the register lists them. Recipients
// name "the arbo service" generically; the register adds the enrolled one by name.
func Purposes() []Purpose {
	return []Purpose{
		{
			Code: "personnel",
			Name: Text{"Personeelsadministratie", "Personnel administration"},
			Basis: Text{"Uitvoering van de arbeidsovereenkomst en wettelijke plicht (AVG art. 6 lid 1 b en c)",
				"Performance of the employment contract and legal obligation (GDPR art. 6(1)(b) and (c))"},
			Data: Text{"Naam, voorletters, geslacht, BSN, geboortedatum, adres, telefoonnummers, e-mailadressen; personeelsnummer, afdeling, dienstverbanden (begin, einde, uren, functie, kostenplaats)",
				"Name, initials, gender, BSN, birth date, address, phone numbers, e-mail addresses; personnel number, department, employments (start, end, hours, job title, cost centre)"},
			People:     Text{"Medewerkers en oud-medewerkers", "Employees and former employees"},
			Recipients: Text{"Geen; alleen bevoegde gebruikers van de werkgever (HR, leidinggevenden voor hun afdelingen)", "None; only authorised users of the employer (HR, managers for their departments)"},
			Retention:  Text{"Tot 2 jaar na het einde van het laatste dienstverband, tenzij een langere wettelijke plicht geldt", "Until 2 years after the last employment ends, unless a longer legal duty applies"},
		},
		{
			Code: "absence",
			Name: Text{"Verzuimregistratie en re-integratie (Wet verbetering poortwachter)", "Absence registration and reintegration (Gatekeeper Improvement Act)"},
			Basis: Text{"Wettelijke plicht (AVG art. 6 lid 1 c; BW 7:658a, Wet verbetering poortwachter)",
				"Legal obligation (GDPR art. 6(1)(c); Dutch Civil Code 7:658a, Gatekeeper Improvement Act)"},
			Data: Text{"Eerste ziektedag, herstel, percentage, telefoonnummer en (verpleeg)adres, verwachte duur, lopende afspraken, vangnet ja/nee, bedrijfsongeval ja/nee, verkeersongeval met aansprakelijke derde ja/nee, Poortwachter-stappen. Nooit een diagnose of oorzaak",
				"First sick day, recovery, percentage, phone number and (care) address, expected duration, ongoing appointments, safety net yes/no, work accident yes/no, traffic accident with a liable third party yes/no, Gatekeeper steps. Never a diagnosis or cause"},
			People:     Text{"Zieke medewerkers", "Employees who report sick"},
			Recipients: Text{"De arbodienst (verwerker, AVG art. 28)", "The arbo service (processor, GDPR art. 28)"},
			Retention:  Text{"Tot 2 jaar na het einde van het laatste dienstverband", "Until 2 years after the last employment ends"},
		},
		{
			Code: "sharing",
			Name: Text{"Delen met de arbodienst bij een zorgvraag", "Sharing with the arbo service for a care question"},
			Basis: Text{"Wettelijke plicht (AVG art. 6 lid 1 c; Arbeidsomstandighedenwet art. 14): alleen bij ziekmelding, contact met de casemanager of spreekuur",
				"Legal obligation (GDPR art. 6(1)(c); Working Conditions Act art. 14): only for a sick report, case-manager contact or consultation hour"},
			Data: Text{"De identiteitsgegevens van de medewerker, de zorgvraag, de toelichting, de datum en wie deelde; het ophalen van identiteitsgegevens door de arbodienst (spreekuur)",
				"The employee's identity data, the care question, the explanation, the date and who shared; retrievals of identity data by the arbo service (consultation hour)"},
			People:     Text{"Medewerkers met een zorgvraag", "Employees with a care question"},
			Recipients: Text{"De arbodienst (verwerker, AVG art. 28)", "The arbo service (processor, GDPR art. 28)"},
			Retention:  Text{"Zolang de zorgvraag loopt bij de arbodienst; de deelgeschiedenis tot 2 jaar na het einde van het laatste dienstverband", "At the arbo service while the care question lasts; the share history until 2 years after the last employment ends"},
		},
		{
			Code: "statistics",
			Name: Text{"Geanonimiseerde verzuimstatistiek", "Anonymised absence statistics"},
			Basis: Text{"Gerechtvaardigd belang (AVG art. 6 lid 1 f): inzicht in verzuim per afdeling zonder te weten wie",
				"Legitimate interest (GDPR art. 6(1)(f)): insight into absence per department without knowing who"},
			Data: Text{"Een pseudoniem per medewerker en de gegevens van het dienstverband (afdelingscode, begin, einde, uren); nooit naam, BSN, geboortedatum, adres of personeelsnummer. Rapporten tonen groepen onder 5 personen als \"< 5\"",
				"A pseudonym per employee and the employment facts (department code, start, end, hours); never name, BSN, birth date, address or personnel number. Reports show groups under 5 people as \"< 5\""},
			People:     Text{"Medewerkers en oud-medewerkers", "Employees and former employees"},
			Recipients: Text{"De arbodienst, alleen gepseudonimiseerd", "The arbo service, pseudonymised only"},
			Retention:  Text{"Als de personeelsadministratie", "As the personnel administration"},
		},
		{
			Code: "logging",
			Name: Text{"Logboek van inzage en handelingen (NEN 7513)", "Log of access and actions (NEN 7513)"},
			Basis: Text{"Beveiliging van de verwerking (AVG art. 32) en verantwoording (AVG art. 5 lid 2)",
				"Security of processing (GDPR art. 32) and accountability (GDPR art. 5(2))"},
			Data: Text{"Wie wat deed of zag, wanneer, over welke medewerker (interne nummers, nooit identiteitsgegevens); mislukte ontgrendelingen",
				"Who did or saw what, when, about which employee (internal numbers, never identity data); failed unlocks"},
			People:     Text{"Gebruikers van Kluis en de medewerkers over wie het gaat", "Users of Kluis and the employees concerned"},
			Recipients: Text{"Geen; het hoofd van het logboek gaat als getuige naar de arbodienst", "None; the log's head goes to the arbo service as a witness"},
			Retention:  Text{"5 jaar", "5 years"},
		},
	}
}

// Measures are the security measures the vault takes whatever its configuration; the register
// adds the configured ones (users per role, idle lock, the pinned certificate).
func Measures() []Text {
	return []Text{
		{"Alle gegevens staan versleuteld op de pc van de werkgever (AES-256-GCM, DARE 2.0); sleutels nooit onversleuteld op schijf",
			"All data is encrypted on the employer's PC (AES-256-GCM, DARE 2.0); keys never on disk in clear"},
		{"Toegang per gebruiker met een eigen wachtwoordzin (Argon2id) en een door een beheerder ondertekende toekenning",
			"Access per user with their own passphrase (Argon2id) and a grant signed by an administrator"},
		{"Sleutels per afdeling: een leidinggevende kan alleen de eigen afdelingen openen",
			"Keys per department: a manager can open only their own departments"},
		{"Intrekken van toegang vervangt de sleutels en versleutelt de kluis opnieuw",
			"Revoking access replaces the keys and re-encrypts the vault"},
		{"Logboek met hash-keten, ondertekend per gebruiker; wijzigen of verwijderen is aantoonbaar",
			"Hash-chained audit log signed per user; changes or deletions are detectable"},
		{"Vertraging na mislukte ontgrendelingen; opzoeken op BSN beperkt en gelogd",
			"Back-off after failed unlocks; lookups by BSN limited and logged"},
		{"Identiteitsgegevens gaan alleen naar de arbodienst bij een zorgvraag, ondertekend en over een vastgepind TLS-certificaat",
			"Identity data goes to the arbo service only for a care question, signed and over a pinned TLS certificate"},
		{"Herstelcode op papier (noodkit) voor als alle wachtwoordzinnen kwijt zijn",
			"A recovery code on paper (emergency kit) for when every passphrase is lost"},
	}
}

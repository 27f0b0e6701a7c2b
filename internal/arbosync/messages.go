package arbosync

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"kluis/internal/arbo"
	"kluis/internal/people"
	"kluis/internal/sharing"
	"kluis/internal/validate"
)

// contentID is a message id derived from what it says and the ledger's version, so a message
// sent again after a crash has the same id (applied once) and a later change back to an earlier
// value gets a new one.
func contentID(prefix string, parts ...any) string {
	h := sha256.New()
	for _, p := range parts {
		b, _ := json.Marshal(p)
		h.Write(b)
		h.Write([]byte{0})
	}
	return prefix + "-" + hex.EncodeToString(h.Sum(nil)[:16])
}

func hashOf(v any) string {
	b, _ := json.Marshal(v)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

// dienstverbanden are an employee's employments as the service may know them: dates, hours,
// contract type, sector and risk group. Job title, cost centre and the UWV reference stay on
// the PC (in a small department a job title names the person; a UWV reference points at a
// benefit claim).
func dienstverbanden(e people.SyncEmployee) []arbo.Dienstverband {
	out := make([]arbo.Dienstverband, len(e.Employments))
	for i, em := range e.Employments {
		out[i] = arbo.Dienstverband{Werkgever: e.EmployerKvK, Afdelingscode: em.DepartmentCode, DatumAanvang: em.Start,
			DatumEinde: em.End, UrenPerWeek: em.Hours, SoortContract: protocolContracts[em.Contract],
			Sector: em.Sector, Risicopremiegroep: em.RiskGroup, Volgnummer: i + 1}
	}
	return out
}

// protocolContracts maps Kluis's contract types to the protocol's soortContract values.
var protocolContracts = map[string]string{
	validate.ContractFixedTerm: "bepaalde-tijd", validate.ContractPermanent: "onbepaalde-tijd",
	validate.ContractOnCall: "oproep", validate.ContractAgency: "uitzend",
}

// werknemer is the identity data of a shared employee.
func werknemer(e people.SyncEmployee, id *people.Identity, reden string) *arbo.WerknemerGegevens {
	return &arbo.WerknemerGegevens{
		Werkgever: e.EmployerKvK, Personeelsnummer: e.Persnr, Burgerservicenummer: id.BSN,
		Voorletters: id.Initials, Roepnaam: id.FirstName, Voornamen: id.FirstNames, Voorvoegsel: id.Prefix,
		Geslachtsnaam: id.Surname, VoorvoegselPartner: id.PartnerPrefix, GeslachtsnaamPartner: id.PartnerSurname,
		Naamgebruik: string(id.NameUsage), Geslacht: id.Gender, Geboortedatum: id.BirthDate,
		Straatnaam: id.Address.Street, Huisnummer: id.Address.Number, Huisnummertoevoeging: id.Address.Addition,
		Postcode: id.Address.Postcode, Woonplaats: id.Address.City, Land: id.Address.Country,
		TelefoonMobiel: id.Phones.Mobile, TelefoonWerk: id.Phones.Work, TelefoonPrive: id.Phones.Private,
		EmailWerk: id.Emails.Work, EmailPrive: id.Emails.Private, Reden: reden,
	}
}

// identityHash is what the ledger keeps of identity data sent: a hash, never the data.
func identityHash(w *arbo.WerknemerGegevens) string {
	c := *w
	c.Reden = ""
	return hashOf(c)
}

func verzuim(r sharing.SickReport, percentage int, recovered string) *arbo.Verzuimmelding {
	care := strings.TrimSpace(strings.Join([]string{r.CareAddress.Street, r.CareAddress.Number, r.CareAddress.Postcode, r.CareAddress.City}, " "))
	return &arbo.Verzuimmelding{EersteZiektedag: r.FirstSickDay, Percentage: percentage, DatumHerstel: recovered,
		VerwachteDuur: r.ExpectedDuration, Telefoon: r.Phone, Verpleegadres: care, LopendeAfspraken: r.OngoingAppointments,
		Vangnet: r.SafetyNet, Bedrijfsongeval: r.WorkAccident, AansprakelijkeDerde: r.ThirdPartyLiable}
}

// fromOutbox turns one outbox message into protocol messages (a share also carries the identity
// data, read now). ident is nil when the session cannot open it (then the share's identity
// cannot go, and the message waits for a session that can).
func fromOutbox(m sharing.Message, e people.SyncEmployee, pseudonym string, ident *people.Identity) ([]arbo.Message, error) {
	base := "o-" + m.ID.String()
	at := m.At.UTC().Truncate(time.Second)
	msg := func(suffix, typ string) arbo.Message {
		return arbo.Message{ID: base + suffix, Type: typ, Pseudonym: pseudonym, At: at}
	}
	switch m.Type {
	case sharing.MessageShare:
		var p sharing.ShareMessage
		if err := json.Unmarshal(m.Payload, &p); err != nil {
			return nil, err
		}
		if ident == nil {
			return nil, errNoIdentity
		}
		d := msg("-d", arbo.TypeDeling)
		d.Deling = &arbo.Deling{Zorgvraag: string(p.CareQuestion), TotEnMet: p.Until}
		w := msg("-w", arbo.TypeWerknemer)
		w.Werknemer = werknemer(e, ident, arbo.RedenDeling)
		return []arbo.Message{d, w}, nil
	case sharing.MessageRevoke, sharing.MessageEnded:
		return []arbo.Message{msg("", arbo.TypeDelingEinde)}, nil
	case sharing.MessageSick:
		var p sharing.SickMessage
		if err := json.Unmarshal(m.Payload, &p); err != nil {
			return nil, err
		}
		z := msg("", arbo.TypeZiekmelding)
		z.Verzuim = verzuim(p.Report, 0, "")
		return []arbo.Message{z}, nil
	case sharing.MessageRecovery:
		var p sharing.RecoveryMessage
		if err := json.Unmarshal(m.Payload, &p); err != nil {
			return nil, err
		}
		h := msg("", arbo.TypeHerstelmelding)
		h.Verzuim = &arbo.Verzuimmelding{EersteZiektedag: p.FirstSickDay, DatumHerstel: p.Recovered}
		return []arbo.Message{h}, nil
	case sharing.MessageChange:
		var p sharing.ChangeMessage
		if err := json.Unmarshal(m.Payload, &p); err != nil {
			return nil, err
		}
		c := msg("", arbo.TypeVerzuimWijziging)
		c.Verzuim = verzuim(p.Report, p.Percentage, "")
		return []arbo.Message{c}, nil
	}
	return nil, fmt.Errorf("arbosync: unknown outbox message type %q", m.Type)
}

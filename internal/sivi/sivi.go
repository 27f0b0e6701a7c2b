package sivi

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"kluis/internal/validate"
)

// File names of the two messages.
const (
	FileWerknemerGegevens = "WerknemerGegevens.xml"
	FileVerzuimmeldingen  = "Verzuimmeldingen.xml"
)

// Namespaces of the 2022 release.
const (
	NamespaceWerknemerGegevens = "http://www.sivi.org/Verzuimmanagement/WerknemerGegevens/2022"
	NamespaceVerzuimmeldingen  = "http://www.sivi.org/Verzuimmanagement/Verzuimmeldingen/2022"
)

// Field codes of IncompleteError: where a value is missing or not what the schema allows.
const (
	FieldSenderID         = "exchange.senderId"         // IdInzndr
	FieldReceiverID       = "exchange.receiverId"       // IdOntvngr
	FieldEmployerID       = "exchange.employerId"       // IdWrkgvrArbdnst
	FieldConnectionNumber = "exchange.connectionNumber" // AansltnrGeguitwlngArbdnst
	FieldPayrollTaxNumber = "exchange.payrollTaxNumber" // Lhnr (loonheffingennummer)
	FieldReference        = "reference"                 // Berrefnr
	FieldContactSurname   = "contact.surname"           // Cntprsn/Achternaam
	FieldContactInitials  = "contact.initials"          // Cntprsn/Voorl
	FieldContactRole      = "contact.role"              // Cntprsn/RolCntprsnCd
	FieldContactChannel   = "contact.channel"           // Cntprsn/Com/SrtComCd
	FieldContactValue     = "contact.value"             // Cntprsn/Com/NrCom
	FieldEmployerName     = "employer.name"             // HndlsnmOrg
	FieldEmployerKvK      = "employer.kvk"              // InschrijvingsnrKvK
	FieldEmployeeID       = "employee.id"               // IdWrknmr
	FieldBSN              = "employee.bsn"              // SofiNr
	FieldBirthDate        = "employee.birthDate"        // Gebdat
	FieldSurname          = "employee.surname"          // SignNm
	FieldPrefix           = "employee.prefix"           // Voorv
	FieldInitials         = "employee.initials"         // Voorl
	FieldFirstName        = "employee.firstName"        // Roepnaam
	FieldPartnerSurname   = "employee.partnerSurname"   // Prtnr/SignNm
	FieldPartnerPrefix    = "employee.partnerPrefix"    // Prtnr/Voorv
	FieldNameUsage        = "employee.nameUsage"        // NmvrkrCd
	FieldGender           = "employee.gender"           // GslchtCd
	FieldAddress          = "employee.address"          // StrAdrNl / StrAdrBl
	FieldEmployment       = "employment"                // Dnstvbnd
	FieldDepartment       = "employment.department"     // OrgeenhCd, NmOrgeenh
	FieldPersnr           = "employment.persnr"         // PersNr
	FieldCareAddress      = "absence.careAddress"       // StrAdrNl type 06
	FieldProcessingCode   = "absence.processingCode"    // VrwrkCd
	FieldCauseCode        = "absence.causeCode"         // OorzkVrzmCd
	FieldFirstSickDay     = "absence.firstSickDay"      // DatEerstVrzmdg
	FieldRecovered        = "absence.recovered"         // DatHrstld
	FieldPercentage       = "absence.percentage"        // PrcVrzm
	FieldCaseID           = "absence.caseId"            // VrzmgvlId
)

// Allowed codes, as the 2022 schemas enumerate them. Their meanings are in SIVI's release
// documentation; the caller's user chooses them (see the package doc).
var (
	ContactRoles    = []string{"01", "02", "03", "04", "05"} // RolContactpersoon
	ContactChannels = []string{"06", "08", "10"}             // SrtComCd of a contact person
	ProcessingCodes = []string{"01", "02", "03", "04", "05"} // Verwerkingscode
	CauseCodes      = []string{"10", "11", "99"}             // OorzkVrzmCd
)

// ErrIncomplete: a required value is missing or not what the schema allows; *IncompleteError
// says which.
var ErrIncomplete = errors.New("sivi: the export lacks values the SIVI schema requires")

// IncompleteError names every field that stops the export, with a reason code; never a value.
type IncompleteError struct {
	Fields validate.FieldErrors
}

func (e *IncompleteError) Error() string {
	names := make([]string, 0, len(e.Fields))
	for n, c := range e.Fields {
		names = append(names, n+" ("+string(c)+")")
	}
	slices.Sort(names)
	return ErrIncomplete.Error() + ": " + strings.Join(names, ", ")
}

func (e *IncompleteError) Unwrap() error { return ErrIncomplete }

// Missing lists the fields in e, sorted.
func (e *IncompleteError) Missing() []string {
	out := make([]string, 0, len(e.Fields))
	for n := range e.Fields {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// Exchange is what the employer and the arbo service agreed for the exchange of messages.
type Exchange struct {
	SenderID         string // IdInzndr: the sender's identification
	ReceiverID       string // IdOntvngr: the arbo service's identification
	EmployerID       string // IdWrkgvrArbdnst: the employer's number at the arbo service
	ConnectionNumber string // AansltnrGeguitwlngArbdnst
	PayrollTaxNumber string // Lhnr: loonheffingennummer (required in WerknemerGegevens)
}

// Contact is the employer's contact person for the arbo service (Cntprsn).
type Contact struct {
	Surname  string
	Initials string
	Role     string // one of ContactRoles
	Channel  string // one of ContactChannels
	Value    string // the phone number or address of that channel
}

// Employer is the employing legal entity.
type Employer struct {
	Name string
	KvK  string // 8 digits, optional
}

// Address is a postal address; Country "" or "NL" is Dutch.
type Address struct {
	Street, Number, Addition, Postcode, City, Country string
}

func (a Address) empty() bool {
	return strings.TrimSpace(a.Street+a.Number+a.Addition+a.Postcode+a.City) == ""
}

// Employment is one period of employment; dates are jjjj-mm-dd.
type Employment struct {
	Start, End     string
	DepartmentCode string // OrgeenhCd; empty: DepartmentPath is used
	DepartmentPath string
	DepartmentName string
	JobTitle       string
	Hours          string // per week, decimal point
	// Contract is Kluis's contract type (validate.Contract*): fixed-term and permanent go as
	// CdBepTd B and O; on-call and agency say nothing about a fixed term, so CdBepTd stays out.
	Contract string
}

// Employee is the employee as Kluis holds them.
type Employee struct {
	ID             string // Kluis's own id of the employee (IdWrknmr)
	Persnr         string
	BSN            string
	BirthDate      string // jjjj-mm-dd
	Initials       string
	FirstName      string // roepnaam
	FirstNames     string // official first names, for initials
	Prefix         string
	Surname        string
	PartnerPrefix  string
	PartnerSurname string
	NameUsage      string // own | partner | partner-own | own-partner | ""
	Gender         string // M | V | X | O | ""
	Address        Address
	Employments    []Employment // in start order
}

// Absence is one spell of sickness, as reported.
type Absence struct {
	CaseID         string // VrzmgvlId: the spell's identification, the same in every message about it
	Sequence       int    // VrzmgvlVnrMld: this message's number within the spell, from 1
	FirstSickDay   string // jjjj-mm-dd
	Recovered      string // jjjj-mm-dd or ""
	Percentage     int    // 1..100; 0 means 100
	SafetyNet      bool   // vangnetregeling applies
	CareAddress    Address
	ProcessingCode string // one of ProcessingCodes
	CauseCode      string // one of CauseCodes
}

// Input is everything one export is made of.
type Input struct {
	At        time.Time // when the messages are made (AandatBr, AantijdBr, IngdatMutVrzm)
	Reference string    // Berrefnr: unique per message; the files add "-WG" and "-VM"
	Software  string    // GebrSwPakket
	Test      bool      // TestJN
	Exchange  Exchange
	Contact   Contact
	Employer  Employer
	Employee  Employee
	Absence   *Absence // nil: no Verzuimmeldingen
}

// Files are the messages of one export; Verzuimmeldingen is nil without an absence.
type Files struct {
	WerknemerGegevens []byte
	Verzuimmeldingen  []byte
}

// Build checks the input against what the 2022 schemas require and writes the messages.
func Build(in Input) (Files, error) {
	c := checker{f: validate.FieldErrors{}}
	emp := c.employee(in)
	wg := c.werkgever(in, emp)
	// WerknemerGegevens requires the loonheffingennummer (Verzuimmeldingen does not, but it
	// always travels with WerknemerGegevens).
	wg.Lhnr = c.require(FieldPayrollTaxNumber, in.Exchange.PayrollTaxNumber, 12)
	var vm *werkgever
	if in.Absence != nil {
		v := c.werkgever(in, c.withAbsence(in, emp))
		v.Lhnr = wg.Lhnr
		vm = &v
	}
	wgHeader, vmHeader := c.header(in, "00600", "00004", "-WG"), c.header(in, "00100", "00010", "-VM")
	if err := c.f.Err(); err != nil {
		return Files{}, &IncompleteError{Fields: c.f}
	}
	var out Files
	var err error
	out.WerknemerGegevens, err = marshal(werknemerGegevens{XMLName: xml.Name{Space: NamespaceWerknemerGegevens, Local: "WerknemerGegevens"},
		BrAlg: wgHeader, Wrkgvr: wg})
	if err != nil {
		return Files{}, err
	}
	if vm != nil {
		out.Verzuimmeldingen, err = marshal(verzuimmeldingen{XMLName: xml.Name{Space: NamespaceVerzuimmeldingen, Local: "Verzuimmeldingen"},
			BrAlg: vmHeader, Wrkgvr: *vm})
		if err != nil {
			return Files{}, err
		}
	}
	return out, nil
}

func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("sivi: xml: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("sivi: xml: %w", err)
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

// checker collects field problems while it maps the input.
type checker struct {
	f validate.FieldErrors
}

// text checks an optional value's length (in characters) and returns it trimmed.
func (c *checker) text(field, v string, max int) string {
	v = strings.TrimSpace(v)
	if utf8.RuneCountInString(v) > max {
		c.f.Add(field, validate.TooLong)
	}
	return v
}

// require is text for a required value.
func (c *checker) require(field, v string, max int) string {
	v = c.text(field, v, max)
	if v == "" {
		c.f.Add(field, validate.Required)
	}
	return v
}

// letters checks a value the schema restricts to non-digits (\D*).
func (c *checker) letters(field, v string, max int) string {
	v = c.text(field, v, max)
	if strings.ContainsFunc(v, unicode.IsDigit) {
		c.f.Add(field, validate.InvalidChoice)
	}
	return v
}

func (c *checker) choice(field, v string, allowed []string) string {
	v = strings.TrimSpace(v)
	switch {
	case v == "":
		c.f.Add(field, validate.Required)
	case !slices.Contains(allowed, v):
		c.f.Add(field, validate.InvalidChoice)
	}
	return v
}

func (c *checker) date(field, v string, required bool) string {
	v = strings.TrimSpace(v)
	if v == "" {
		if required {
			c.f.Add(field, validate.Required)
		}
		return ""
	}
	if _, err := time.Parse(dateLayout, v); err != nil {
		c.f.Add(field, validate.DateFormat)
	}
	return v
}

const (
	dateLayout = "2006-01-02"
	timeLayout = "15:04:05"
)

func (c *checker) header(in Input, code, version, suffix string) brAlg {
	at := in.At
	if at.IsZero() {
		at = time.Now()
	}
	software := in.Software
	if software == "" {
		software = "Kluis"
	}
	ref := c.require(FieldReference, in.Reference, 512-len(suffix))
	return brAlg{BrCd: code, VnrBrCd: version, AandatBr: at.Format(dateLayout), AantijdBr: at.Format(timeLayout),
		IdInzndr: c.require(FieldSenderID, in.Exchange.SenderID, 40), GebrSwPakket: c.text("software", software, 35),
		IdOntvngr: c.require(FieldReceiverID, in.Exchange.ReceiverID, 40), Berrefnr: ref + suffix,
		TestJN: yesNo(in.Test), OntvngstbevJN: "N"}
}

func yesNo(b bool) string {
	if b {
		return "J"
	}
	return "N"
}

var kvkDigits = regexp.MustCompile(`^[0-9]{8}$`)

func (c *checker) werkgever(in Input, emp wrknmr) werkgever {
	w := werkgever{
		HndlsnmOrg:                c.require(FieldEmployerName, in.Employer.Name, 100),
		IdWrkgvrArbdnst:           c.require(FieldEmployerID, in.Exchange.EmployerID, 40),
		AansltnrGeguitwlngArbdnst: c.require(FieldConnectionNumber, in.Exchange.ConnectionNumber, 70),
		Cntprsn:                   []cntprsn{c.contact(in.Contact)},
		Wrknmr:                    emp,
	}
	if kvk := strings.TrimSpace(in.Employer.KvK); kvk != "" {
		if !kvkDigits.MatchString(kvk) {
			c.f.Add(FieldEmployerKvK, validate.KvKFormat)
		}
		w.InschrijvingsnrKvK = kvk
	}
	return w
}

func (c *checker) contact(p Contact) cntprsn {
	return cntprsn{
		Achternaam:   c.require(FieldContactSurname, p.Surname, 200),
		Voorl:        c.letters(FieldContactInitials, p.Initials, 6),
		RolCntprsnCd: c.choice(FieldContactRole, p.Role, ContactRoles),
		Com: []com{{SrtComCd: c.choice(FieldContactChannel, p.Channel, ContactChannels),
			NrCom: c.require(FieldContactValue, p.Value, 512)}},
	}
}

var nameUsageCodes = map[string]string{"": "01", "own": "01", "partner": "02", "partner-own": "03", "own-partner": "04"}

var genderCodes = map[string]string{"M": "M", "V": "V", "X": "O", "O": "O"}

func (c *checker) employee(in Input) wrknmr {
	e := in.Employee
	w := wrknmr{
		Gebdat:   c.date(FieldBirthDate, e.BirthDate, true),
		SignNm:   c.require(FieldSurname, e.Surname, 200),
		Voorv:    c.letters(FieldPrefix, e.Prefix, 10),
		Roepnaam: c.letters(FieldFirstName, e.FirstName, 35),
		IdWrknmr: c.require(FieldEmployeeID, e.ID, 36), // 40, less room for IdDnstvbnd's "-NN"
	}
	if bsn := strings.TrimSpace(e.BSN); bsn != "" {
		if len(bsn) != 9 || strings.ContainsFunc(bsn, func(r rune) bool { return r < '0' || r > '9' }) {
			c.f.Add(FieldBSN, validate.BSNFormat)
		}
		w.SofiNr = bsn
	}
	initials := strings.TrimSpace(e.Initials)
	if initials == "" {
		initials = initialsOf(e.FirstNames)
	}
	w.Voorl = c.letters(FieldInitials, initials, 6)
	if w.Voorl == "" {
		c.f.Add(FieldInitials, validate.Required)
	}
	if code, ok := nameUsageCodes[strings.TrimSpace(e.NameUsage)]; ok {
		w.NmvrkrCd = code
	} else {
		c.f.Add(FieldNameUsage, validate.InvalidChoice)
	}
	switch g := strings.ToUpper(strings.TrimSpace(e.Gender)); {
	case g == "":
		c.f.Add(FieldGender, validate.Required)
	case genderCodes[g] == "":
		c.f.Add(FieldGender, validate.InvalidChoice)
	default:
		w.GslchtCd = genderCodes[g]
	}
	if ps := strings.TrimSpace(e.PartnerSurname); ps != "" {
		w.Prtnr = &prtnr{SignNm: c.text(FieldPartnerSurname, ps, 200), Voorv: c.letters(FieldPartnerPrefix, e.PartnerPrefix, 10)}
	}
	if !e.Address.empty() {
		c.address(&w, FieldAddress, "01", e.Address)
	}
	if len(e.Employments) == 0 {
		c.f.Add(FieldEmployment, validate.Required)
	}
	if len(e.Employments) > 99 {
		c.f.Add(FieldEmployment, validate.TooLong)
	}
	for i, em := range e.Employments {
		if i >= 99 {
			break
		}
		d := dnstvbnd{
			IdDnstvbnd: fmt.Sprintf("%s-%d", w.IdWrknmr, i+1),
			Ingdat:     c.date(FieldEmployment, em.Start, true),
			Enddat:     c.date(FieldEmployment, em.End, false),
			PersNr:     c.require(FieldPersnr, e.Persnr, 35),
			NmFnct:     c.text(FieldEmployment, em.JobTitle, 35),
			NmOrgeenh:  c.text(FieldDepartment, em.DepartmentName, 70),
		}
		unit := strings.TrimSpace(em.DepartmentCode)
		if unit == "" {
			unit = em.DepartmentPath
		}
		d.OrgeenhCd = c.require(FieldDepartment, unit, 70)
		d.CdBepTd = fixedTermCodes[em.Contract]
		if h := strings.TrimSpace(em.Hours); h != "" {
			if v, err := strconv.ParseFloat(strings.ReplaceAll(h, ",", "."), 64); err == nil && v >= 0 && v < 1000 {
				d.AantCtrcturenPWk = strconv.FormatFloat(v, 'f', 2, 64)
			} else {
				c.f.Add(FieldEmployment, validate.HoursFormat)
			}
		}
		w.Dnstvbnd = append(w.Dnstvbnd, d)
	}
	return w
}

// fixedTermCodes maps Kluis's contract types to SIVI's CdBepTd (CodeContractOnbepaaldeBepaaldeTijd):
// B bepaalde tijd, O onbepaalde tijd. Other contract types have no code.
var fixedTermCodes = map[string]string{validate.ContractFixedTerm: "B", validate.ContractPermanent: "O"}

// initialsOf makes "J.P." of "Jan Pieter".
func initialsOf(names string) string {
	var b strings.Builder
	for _, n := range strings.Fields(names) {
		r, _ := utf8.DecodeRuneInString(n)
		if unicode.IsLetter(r) {
			b.WriteRune(unicode.ToUpper(r))
			b.WriteByte('.')
		}
	}
	return b.String()
}

var (
	dutchPostcode = regexp.MustCompile(`^([1-9][0-9]{3}) ?([A-Za-z]{2})$`)
	houseNumber   = regexp.MustCompile(`^[0-9]{1,5}$`)
	isoCountry    = regexp.MustCompile(`^[A-Za-z]{2}$`)
)

// address adds a as a Dutch or foreign street address of the given type.
func (c *checker) address(w *wrknmr, field, kind string, a Address) {
	country := strings.ToUpper(strings.TrimSpace(a.Country))
	if country == "" || country == "NL" {
		m := dutchPostcode.FindStringSubmatch(strings.TrimSpace(a.Postcode))
		if m == nil {
			c.f.Add(field, validate.PostcodeFormat)
			return
		}
		nr := strings.TrimSpace(a.Number)
		if nr == "" {
			c.f.Add(field, validate.Required)
			return
		}
		if !houseNumber.MatchString(nr) {
			c.f.Add(field, validate.InvalidChoice)
			return
		}
		w.StrAdrNl = append(w.StrAdrNl, strAdrNl{SrtAdrsCd: kind, Pc: m[1] + strings.ToUpper(m[2]),
			Wnpl: c.require(field, a.City, 24), StraatLang: c.text(field, a.Street, 80), Huisnr: strings.TrimLeft(nr, "0"),
			HuisToev: c.text(field, a.Addition, 4)})
		return
	}
	if !isoCountry.MatchString(country) {
		c.f.Add(field, validate.InvalidChoice)
		return
	}
	number := strings.TrimSpace(a.Number + " " + a.Addition)
	w.StrAdrBl = append(w.StrAdrBl, strAdrBl{SrtAdrsCd: kind, PcBtl: c.text(field, a.Postcode, 9),
		WnplBtl: c.require(field, a.City, 24), LandCd: country, StraatLang: c.text(field, a.Street, 80),
		HuisnrBtl: c.require(field, number, 9)})
}

// withAbsence is the employee of Verzuimmeldingen: the care address, and the spell under the
// employment that ran on its first day, with the contact person.
func (c *checker) withAbsence(in Input, base wrknmr) wrknmr {
	a := in.Absence
	w := base
	w.StrAdrNl = slices.Clone(base.StrAdrNl)
	w.StrAdrBl = slices.Clone(base.StrAdrBl)
	if !a.CareAddress.empty() {
		c.address(&w, FieldCareAddress, "06", a.CareAddress)
	}
	first := c.date(FieldFirstSickDay, a.FirstSickDay, true)
	recovered := c.date(FieldRecovered, a.Recovered, false)
	if recovered != "" && first != "" && recovered < first {
		c.f.Add(FieldRecovered, validate.EndBeforeStart)
	}
	pct := a.Percentage
	if pct == 0 {
		pct = 100
	}
	if pct < 1 || pct > 100 {
		c.f.Add(FieldPercentage, validate.InvalidChoice)
	}
	seq := a.Sequence
	if seq < 1 || seq > 999 {
		c.f.Add(FieldCaseID, validate.InvalidChoice)
	}
	made := in.At
	if made.IsZero() {
		made = time.Now()
	}
	contact := c.contact(in.Contact)
	v := vrzm{
		VrwrkCd:        c.choice(FieldProcessingCode, a.ProcessingCode, ProcessingCodes),
		IngdatMutVrzm:  made.Format(dateLayout),
		VrzmgvlId:      c.require(FieldCaseID, a.CaseID, 40),
		VrzmgvlVnrMld:  strconv.Itoa(seq),
		EndVrzmJN:      yesNo(recovered != ""),
		DatEerstVrzmdg: first,
		DatHrstld:      recovered,
		PrcVrzm:        strconv.Itoa(pct) + ".00",
		OorzkVrzmCd:    c.choice(FieldCauseCode, a.CauseCode, CauseCodes),
		VngntJN:        yesNo(a.SafetyNet),
		Cntprsn:        []cntprsn{contact},
	}
	// Every Dnstvbnd of Verzuimmeldingen carries a Vrzm (1..99), so the message holds only the
	// employment that ran on the first sick day (else the latest).
	at := -1
	for i, em := range in.Employee.Employments {
		if i < len(w.Dnstvbnd) && em.Start <= first && (em.End == "" || em.End >= first) {
			at = i
		}
	}
	if at < 0 {
		at = len(w.Dnstvbnd) - 1
	}
	if at < 0 {
		return w
	}
	d := w.Dnstvbnd[at]
	d.Vrzm = []vrzm{v}
	d.Cntprsn = []cntprsn{contact}
	w.Dnstvbnd = []dnstvbnd{d}
	return w
}

// The messages' elements, in schema order; omitempty leaves out optional ones.

type werknemerGegevens struct {
	XMLName xml.Name
	BrAlg   brAlg     `xml:"BrAlg"`
	Wrkgvr  werkgever `xml:"Wrkgvr"`
}

type verzuimmeldingen struct {
	XMLName xml.Name
	BrAlg   brAlg     `xml:"BrAlg"`
	Wrkgvr  werkgever `xml:"Wrkgvr"`
}

type brAlg struct {
	BrCd          string `xml:"BrCd"`
	VnrBrCd       string `xml:"VnrBrCd"`
	AandatBr      string `xml:"AandatBr"`
	AantijdBr     string `xml:"AantijdBr"`
	IdInzndr      string `xml:"IdInzndr"`
	GebrSwPakket  string `xml:"GebrSwPakket"`
	IdOntvngr     string `xml:"IdOntvngr"`
	Berrefnr      string `xml:"Berrefnr"`
	TestJN        string `xml:"TestJN"`
	OntvngstbevJN string `xml:"OntvngstbevJN"`
}

type werkgever struct {
	HndlsnmOrg                string    `xml:"HndlsnmOrg"`
	InschrijvingsnrKvK        string    `xml:"InschrijvingsnrKvK,omitempty"`
	IdWrkgvrArbdnst           string    `xml:"IdWrkgvrArbdnst"`
	AansltnrGeguitwlngArbdnst string    `xml:"AansltnrGeguitwlngArbdnst"`
	Lhnr                      string    `xml:"Lhnr,omitempty"`
	Cntprsn                   []cntprsn `xml:"Cntprsn"`
	Wrknmr                    wrknmr    `xml:"Wrknmr"`
}

type cntprsn struct {
	Achternaam   string `xml:"Achternaam"`
	Voorl        string `xml:"Voorl,omitempty"`
	RolCntprsnCd string `xml:"RolCntprsnCd"`
	Com          []com  `xml:"Com"`
}

type com struct {
	SrtComCd string `xml:"SrtComCd"`
	NrCom    string `xml:"NrCom"`
}

type wrknmr struct {
	SofiNr   string     `xml:"SofiNr,omitempty"`
	Gebdat   string     `xml:"Gebdat"`
	SignNm   string     `xml:"SignNm"`
	Voorl    string     `xml:"Voorl"`
	Voorv    string     `xml:"Voorv,omitempty"`
	Roepnaam string     `xml:"Roepnaam,omitempty"`
	NmvrkrCd string     `xml:"NmvrkrCd"`
	GslchtCd string     `xml:"GslchtCd"`
	IdWrknmr string     `xml:"IdWrknmr"`
	Prtnr    *prtnr     `xml:"Prtnr,omitempty"`
	StrAdrNl []strAdrNl `xml:"StrAdrNl"`
	StrAdrBl []strAdrBl `xml:"StrAdrBl"`
	Dnstvbnd []dnstvbnd `xml:"Dnstvbnd"`
}

type prtnr struct {
	SignNm string `xml:"SignNm"`
	Voorv  string `xml:"Voorv,omitempty"`
}

type strAdrNl struct {
	SrtAdrsCd  string `xml:"SrtAdrsCd"`
	Pc         string `xml:"Pc"`
	Wnpl       string `xml:"Wnpl"`
	StraatLang string `xml:"StraatLang,omitempty"`
	Huisnr     string `xml:"Huisnr"`
	HuisToev   string `xml:"HuisToev,omitempty"`
}

type strAdrBl struct {
	SrtAdrsCd  string `xml:"SrtAdrsCd"`
	PcBtl      string `xml:"PcBtl,omitempty"`
	WnplBtl    string `xml:"WnplBtl"`
	LandCd     string `xml:"LandCd"`
	StraatLang string `xml:"StraatLang,omitempty"`
	HuisnrBtl  string `xml:"HuisnrBtl"`
}

type dnstvbnd struct {
	IdDnstvbnd       string    `xml:"IdDnstvbnd"`
	Ingdat           string    `xml:"Ingdat"`
	Enddat           string    `xml:"Enddat,omitempty"`
	PersNr           string    `xml:"PersNr,omitempty"`
	NmFnct           string    `xml:"NmFnct,omitempty"`
	NmOrgeenh        string    `xml:"NmOrgeenh,omitempty"`
	OrgeenhCd        string    `xml:"OrgeenhCd"`
	CdBepTd          string    `xml:"CdBepTd,omitempty"`
	AantCtrcturenPWk string    `xml:"AantCtrcturenPWk,omitempty"`
	Vrzm             []vrzm    `xml:"Vrzm"`
	Cntprsn          []cntprsn `xml:"Cntprsn"`
}

type vrzm struct {
	VrwrkCd        string    `xml:"VrwrkCd"`
	IngdatMutVrzm  string    `xml:"IngdatMutVrzm"`
	VrzmgvlId      string    `xml:"VrzmgvlId"`
	VrzmgvlVnrMld  string    `xml:"VrzmgvlVnrMld"`
	EndVrzmJN      string    `xml:"EndVrzmJN"`
	DatEerstVrzmdg string    `xml:"DatEerstVrzmdg"`
	DatHrstld      string    `xml:"DatHrstld,omitempty"`
	PrcVrzm        string    `xml:"PrcVrzm"`
	OorzkVrzmCd    string    `xml:"OorzkVrzmCd"`
	VngntJN        string    `xml:"VngntJN"`
	Cntprsn        []cntprsn `xml:"Cntprsn"`
}

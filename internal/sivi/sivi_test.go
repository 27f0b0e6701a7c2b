package sivi

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kluis/internal/validate"
)

// validInput is a complete export of a shared employee with an open sick report.
func validInput() Input {
	return Input{
		At:        time.Date(2026, 11, 20, 10, 30, 0, 0, time.UTC),
		Reference: "kluis-0123456789abcdef",
		Exchange: Exchange{SenderID: "WG-4711", ReceiverID: "ARBO-01", EmployerID: "4711",
			ConnectionNumber: "AANSL-0042", PayrollTaxNumber: "123456789L01"},
		Contact:  Contact{Surname: "de Vries", Initials: "P.", Role: "01", Channel: "08", Value: "030 1234567"},
		Employer: Employer{Name: "Bakkerij Jansen B.V.", KvK: "12345678"},
		Employee: Employee{
			ID: "00112233445566778899aabbccddeeff", Persnr: "00042", BSN: "111222333", BirthDate: "1985-03-12",
			FirstName: "Jan", FirstNames: "Jan Pieter", Prefix: "van", Surname: "Dijk", Gender: "M", NameUsage: "own",
			Address: Address{Street: "Dorpsstraat", Number: "12", Addition: "a", Postcode: "1234 AB", City: "Utrecht"},
			Employments: []Employment{
				{Start: "2015-01-01", End: "2018-12-31", DepartmentPath: "Utrecht/Magazijn", DepartmentName: "Magazijn", Hours: "24"},
				{Start: "2019-04-01", DepartmentCode: "MAG", DepartmentPath: "Utrecht/Magazijn", DepartmentName: "Magazijn",
					JobTitle: "Magazijnmedewerker", Hours: "32.5"},
			},
		},
		Absence: &Absence{CaseID: "00112233445566778899aabbccddeeff-1", Sequence: 1, FirstSickDay: "2026-11-18",
			SafetyNet: false, ProcessingCode: "01", CauseCode: "99",
			CareAddress: Address{Street: "Zorglaan", Number: "3", Postcode: "3511AA", City: "Utrecht"}},
	}
}

// xmllint validates data against one of the 2022 schemas; it fails (not skips) without
// xmllint, so a machine without it cannot pass these rules unchecked.
func xmllint(t *testing.T, xsd, name string, data []byte) {
	t.Helper()
	bin, err := exec.LookPath("xmllint")
	if err != nil {
		t.Fatalf("xmllint not found: install libxml2-utils (make deps)")
	}
	file := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "--noout", "--schema", filepath.Join("testdata", "xsd", xsd), file).CombinedOutput()
	if err != nil {
		t.Fatalf("%s does not validate against %s: %v\n%s\n%s", name, xsd, err, out, data)
	}
}

func TestRule_WerknemerGegevensValidatesAgainstTheSIVI2022Schema(t *testing.T) {
	in := validInput()
	in.Absence = nil
	files, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	xmllint(t, "WerknemersGegevens.xsd", FileWerknemerGegevens, files.WerknemerGegevens)
	if files.Verzuimmeldingen != nil {
		t.Fatal("Verzuimmeldingen without a sick report")
	}
	for _, want := range []string{`xmlns="` + NamespaceWerknemerGegevens + `"`, "<SofiNr>111222333</SofiNr>",
		"<Voorl>J.P.</Voorl>", "<Pc>1234AB</Pc>", "<OrgeenhCd>MAG</OrgeenhCd>", "<OrgeenhCd>Utrecht/Magazijn</OrgeenhCd>",
		"<AantCtrcturenPWk>32.50</AantCtrcturenPWk>", "<Lhnr>123456789L01</Lhnr>"} {
		if !strings.Contains(string(files.WerknemerGegevens), want) {
			t.Errorf("WerknemerGegevens lacks %s", want)
		}
	}
}

func TestRule_VerzuimmeldingenValidatesForASickReportAndARecovery(t *testing.T) {
	cases := map[string]func(*Input){
		"open sick report":        func(*Input) {},
		"recovery":                func(in *Input) { in.Absence.Recovered = "2026-11-25"; in.Absence.Sequence = 2 },
		"partial, safety net":     func(in *Input) { in.Absence.Percentage = 50; in.Absence.SafetyNet = true },
		"no care address, no KvK": func(in *Input) { in.Absence.CareAddress = Address{}; in.Employer.KvK = "" },
		"foreign home address": func(in *Input) {
			in.Employee.Address = Address{Street: "Grote Markt", Number: "1", Postcode: "1000", City: "Brussel", Country: "BE"}
		},
		"partner name, gender X": func(in *Input) {
			in.Employee.PartnerSurname = "Jansen"
			in.Employee.NameUsage = "own-partner"
			in.Employee.Gender = "X"
		},
		"minimal employee":          func(in *Input) { in.Employee.BSN = ""; in.Employee.Address = Address{}; in.Employee.FirstName = "" },
		"sick in an old employment": func(in *Input) { in.Absence.FirstSickDay = "2016-05-02"; in.Absence.Recovered = "2016-05-09" },
	}
	for name, change := range cases {
		t.Run(name, func(t *testing.T) {
			in := validInput()
			change(&in)
			files, err := Build(in)
			if err != nil {
				t.Fatal(err)
			}
			xmllint(t, "WerknemersGegevens.xsd", FileWerknemerGegevens, files.WerknemerGegevens)
			xmllint(t, "Verzuimmeldingen.xsd", FileVerzuimmeldingen, files.Verzuimmeldingen)
		})
	}
}

func TestRule_ARecoveryEndsTheSpellInVerzuimmeldingen(t *testing.T) {
	in := validInput()
	in.Absence.Recovered, in.Absence.Sequence, in.Absence.Percentage = "2026-11-25", 2, 100
	files, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	vm := string(files.Verzuimmeldingen)
	for _, want := range []string{"<EndVrzmJN>J</EndVrzmJN>", "<DatHrstld>2026-11-25</DatHrstld>", "<VrzmgvlVnrMld>2</VrzmgvlVnrMld>",
		"<PrcVrzm>100.00</PrcVrzm>", "<DatEerstVrzmdg>2026-11-18</DatEerstVrzmdg>", "<SrtAdrsCd>06</SrtAdrsCd>"} {
		if !strings.Contains(vm, want) {
			t.Errorf("Verzuimmeldingen lacks %s", want)
		}
	}
}

func TestRule_GenderXAndOGoAsSIVIsO(t *testing.T) {
	for _, g := range []string{"X", "O", "x"} {
		in := validInput()
		in.Employee.Gender = g
		files, err := Build(in)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(files.WerknemerGegevens), "<GslchtCd>O</GslchtCd>") {
			t.Errorf("gender %s is not sent as O", g)
		}
	}
}

// incomplete builds in and returns the fields the error names.
func incomplete(t *testing.T, in Input) validate.FieldErrors {
	t.Helper()
	_, err := Build(in)
	var ie *IncompleteError
	if !errors.As(err, &ie) || !errors.Is(err, ErrIncomplete) {
		t.Fatalf("want an IncompleteError, got %v", err)
	}
	return ie.Fields
}

func TestRule_AMissingGenderIsRefusedWithTheFieldNamed(t *testing.T) {
	in := validInput()
	in.Employee.Gender = ""
	f := incomplete(t, in)
	if f[FieldGender] != validate.Required || len(f) != 1 {
		t.Fatalf("fields %v, want only %s required", f, FieldGender)
	}
	_, err := Build(in)
	if !strings.Contains(err.Error(), FieldGender) {
		t.Fatalf("the error does not name the field: %v", err)
	}
}

func TestRule_ValuesKluisLacksAreNeverInvented(t *testing.T) {
	in := validInput()
	in.Exchange = Exchange{}
	in.Contact = Contact{}
	in.Absence.ProcessingCode, in.Absence.CauseCode = "", ""
	in.Employee.Initials, in.Employee.FirstNames = "", ""
	in.Employee.BirthDate = ""
	f := incomplete(t, in)
	for _, field := range []string{FieldSenderID, FieldReceiverID, FieldEmployerID, FieldConnectionNumber, FieldPayrollTaxNumber,
		FieldContactSurname, FieldContactRole, FieldContactChannel, FieldContactValue, FieldProcessingCode, FieldCauseCode,
		FieldInitials, FieldBirthDate} {
		if f[field] != validate.Required {
			t.Errorf("%s: %q, want required", field, f[field])
		}
	}
}

func TestRule_CodesOutsideTheSchemasListsAreRefused(t *testing.T) {
	in := validInput()
	in.Contact.Role, in.Contact.Channel = "07", "05"
	in.Absence.CauseCode, in.Absence.ProcessingCode = "12", "06"
	in.Employee.Gender, in.Employee.NameUsage = "Q", "other"
	f := incomplete(t, in)
	for _, field := range []string{FieldContactRole, FieldContactChannel, FieldCauseCode, FieldProcessingCode, FieldGender, FieldNameUsage} {
		if f[field] != validate.InvalidChoice {
			t.Errorf("%s: %q, want invalid_choice", field, f[field])
		}
	}
}

func TestRule_ValuesTheSchemaCannotHoldAreRefusedNotCut(t *testing.T) {
	in := validInput()
	in.Employee.Address.City = "Sint-Michielsgestel-aan-de-Dommel" // 24 characters at most
	in.Employee.Employments[1].DepartmentCode = strings.Repeat("A", 71)
	in.Employee.Address.Number = "12a"
	f := incomplete(t, in)
	if f[FieldDepartment] != validate.TooLong || f[FieldAddress] != validate.InvalidChoice {
		t.Fatalf("fields %v", f)
	}
	in = validInput()
	in.Employee.Address.City = "Sint-Michielsgestel-aan-de-Dommel"
	if f := incomplete(t, in); f[FieldAddress] != validate.TooLong {
		t.Fatalf("fields %v", f)
	}
}

// TestRule_ErrorTextsNeverCarryIdentityValues is the privacy canary: every identity value is
// made invalid in a way the schema refuses, and no error text may quote any of them.
func TestRule_ErrorTextsNeverCarryIdentityValues(t *testing.T) {
	in := validInput()
	canaries := []string{"Canary9Surname" + strings.Repeat("x", 200), "CanaryPrefix7", "Canary1Roepnaam", "CANARY4", "1234canary",
		"Canarystad" + strings.Repeat("y", 30), "99-99-1999", "CanaryPartner" + strings.Repeat("z", 200), "Q7canary", "12345678901"}
	e := &in.Employee
	e.Surname, e.Prefix, e.FirstName, e.Initials, e.Address.Postcode = canaries[0], canaries[1], canaries[2], canaries[3], canaries[4]
	e.BirthDate, e.PartnerSurname, e.Gender, e.BSN = canaries[6], canaries[7], canaries[8], canaries[9]
	in.Absence.CareAddress.City = canaries[5]
	in.Contact.Surname = "CanaryContact" + strings.Repeat("c", 200)
	_, err := Build(in)
	if err == nil {
		t.Fatal("want an error")
	}
	text := strings.ToLower(err.Error())
	for _, c := range append(canaries, in.Contact.Surname) {
		if strings.Contains(text, strings.ToLower(c[:min(len(c), 12)])) {
			t.Errorf("the error text carries an identity value: %q", err)
		}
	}
	if !strings.Contains(text, "employee.surname") || !strings.Contains(text, "employee.bsn") {
		t.Errorf("the error does not name the fields: %q", err)
	}
}

func TestRule_TheContractTypeGoesAsCdBepTdWhereTheSchemaHasACode(t *testing.T) {
	for contract, want := range map[string]string{validate.ContractFixedTerm: "<CdBepTd>B</CdBepTd>",
		validate.ContractPermanent: "<CdBepTd>O</CdBepTd>", validate.ContractOnCall: "", validate.ContractAgency: "", "": ""} {
		in := validInput()
		in.Absence = nil
		in.Employee.Employments[1].Contract = contract
		files, err := Build(in)
		if err != nil {
			t.Fatal(err)
		}
		xmllint(t, "WerknemersGegevens.xsd", FileWerknemerGegevens, files.WerknemerGegevens)
		got := string(files.WerknemerGegevens)
		if want == "" && strings.Contains(got, "CdBepTd") || want != "" && !strings.Contains(got, want) {
			t.Errorf("contract %q: want %q in\n%s", contract, want, got)
		}
	}
}

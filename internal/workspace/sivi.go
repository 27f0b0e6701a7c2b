package workspace

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strconv"

	"kluis/internal/audit"
	"kluis/internal/people"
	"kluis/internal/sharing"
	"kluis/internal/sivi"
	"kluis/internal/vault"
)

// ErrSIVINotShared: the SIVI files carry identity data, so they are made only for a dossier
// shared with the arbo service; it is a sharing.ErrNotShared.
var ErrSIVINotShared = fmt.Errorf("workspace: SIVI files only for a shared dossier: %w", sharing.ErrNotShared)

// SIVIInput is what the user adds to a SIVI export: the values the 2022 schemas require and
// Kluis does not keep (package sivi's doc says which and why). None of it is stored.
type SIVIInput struct {
	Exchange sivi.Exchange
	Contact  sivi.Contact
	// Gender is used when the employee's record has none (M, V, X or O).
	Gender string
	// Initials are used when the record has neither initials nor official first names.
	Initials string
	// ProcessingCode and CauseCode go into Verzuimmeldingen (sivi.ProcessingCodes, sivi.CauseCodes).
	ProcessingCode string
	CauseCode      string
	// Test marks the messages as test messages (TestJN).
	Test bool
}

// ExportSIVI makes the SIVI 2022 files of a shared employee: WerknemerGegevens always, and
// Verzuimmeldingen when the dossier holds a sick report (its latest spell). An unshared dossier
// gives ErrSIVINotShared; a value the schemas require and neither the vault nor in holds gives
// a *sivi.IncompleteError naming the fields. The export is audited (employee.export, "sivi")
// before the files are returned; without a stored audit event there are no files.
func (w *Workspace) ExportSIVI(employee vault.ID, in SIVIInput) (sivi.Files, error) {
	var files sivi.Files
	err := w.guard(func() error {
		d, err := w.share.Dossier(employee)
		if err != nil {
			return err
		}
		now := w.now()
		if d.Active(now) == nil {
			return ErrSIVINotShared
		}
		v, err := w.dir.Employee(employee)
		if err != nil {
			return err
		}
		if v.Identity == nil {
			return fmt.Errorf("workspace: the identity of this employee is not readable: %w", vault.ErrNoAccess)
		}
		input, err := w.siviInput(v, d, in)
		if err != nil {
			return err
		}
		if files, err = sivi.Build(input); err != nil {
			return err
		}
		return w.record(audit.ActionExport, []vault.ID{employee}, "sivi")
	})
	if err != nil {
		return sivi.Files{}, err
	}
	return files, nil
}

func (w *Workspace) siviInput(v people.EmployeeView, d sharing.Dossier, in SIVIInput) (sivi.Input, error) {
	id := v.Identity
	var employer people.Employer
	list, err := w.dir.Employers()
	if err != nil {
		return sivi.Input{}, err
	}
	for _, e := range list {
		if e.ID == v.Employer {
			employer = e
		}
	}
	ref := make([]byte, 8)
	if _, err := rand.Read(ref); err != nil {
		return sivi.Input{}, err
	}
	gender := id.Gender
	if gender == "" {
		gender = in.Gender
	}
	initials := id.Initials
	if initials == "" && id.FirstNames == "" {
		initials = in.Initials
	}
	// The loonheffingennummer the admin recorded on the employer fills the exchange's when the
	// user gives none.
	if in.Exchange.PayrollTaxNumber == "" {
		in.Exchange.PayrollTaxNumber = employer.PayrollTaxNumber
	}
	out := sivi.Input{
		At:        w.now(),
		Reference: "kluis-" + hex.EncodeToString(ref),
		Test:      in.Test,
		Exchange:  in.Exchange,
		Contact:   in.Contact,
		Employer:  sivi.Employer{Name: employer.Name, KvK: employer.KvK},
		Employee: sivi.Employee{
			ID: v.ID.String(), Persnr: v.Persnr, BSN: id.BSN, BirthDate: id.BirthDate,
			Initials: initials, FirstName: id.FirstName, FirstNames: id.FirstNames, Prefix: id.Prefix, Surname: id.Surname,
			PartnerPrefix: id.PartnerPrefix, PartnerSurname: id.PartnerSurname, NameUsage: string(id.NameUsage), Gender: gender,
			Address: sivi.Address{Street: id.Address.Street, Number: id.Address.Number, Addition: id.Address.Addition,
				Postcode: id.Address.Postcode, City: id.Address.City, Country: id.Address.Country},
		},
	}
	for _, em := range v.Employments {
		dep, err := w.dir.Department(em.Department)
		if err != nil {
			return sivi.Input{}, err
		}
		path := dep.Name
		if em.Department == v.Department && v.DepartmentPath != "" {
			path = v.DepartmentPath
		}
		out.Employee.Employments = append(out.Employee.Employments, sivi.Employment{Start: em.Start, End: em.End,
			DepartmentCode: dep.Code, DepartmentPath: path, DepartmentName: dep.Name, JobTitle: em.JobTitle, Hours: em.Hours, Contract: em.Contract})
	}
	if n := len(d.Absences); n > 0 {
		a := d.Absences[n-1]
		out.Absence = &sivi.Absence{
			CaseID:       v.ID.String() + "-" + strconv.Itoa(n),
			Sequence:     spellMessages(d.History),
			FirstSickDay: a.FirstSickDay, Recovered: a.Recovered, Percentage: a.Percentage,
			SafetyNet: a.Report.SafetyNet,
			CareAddress: sivi.Address{Street: a.Report.CareAddress.Street, Number: a.Report.CareAddress.Number,
				Postcode: a.Report.CareAddress.Postcode, City: a.Report.CareAddress.City},
			ProcessingCode: in.ProcessingCode, CauseCode: in.CauseCode,
		}
	}
	return out, nil
}

// spellMessages counts the reports about the latest spell (its sick report, changes and
// recovery): the number of this message within the spell.
func spellMessages(history []sharing.Event) int {
	n := 0
	for _, e := range history {
		switch e.Kind {
		case sharing.EventSick:
			n = 1
		case sharing.EventAbsenceChange, sharing.EventRecovered:
			n++
		}
	}
	return max(n, 1)
}

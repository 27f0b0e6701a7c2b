package app

import (
	"path/filepath"

	"kluis/internal/sivi"
	"kluis/internal/workspace"
)

// SIVIForm is the "SIVI-bestanden opslaan" dialog: the values the SIVI 2022 schemas require
// and Kluis does not keep (package sivi says which). Nothing of it is stored. Field errors
// (sivi_incomplete) come under the sivi field codes: exchange.senderId, contact.role,
// employee.gender, absence.causeCode, ...
type SIVIForm struct {
	SenderID         string `json:"senderId"`
	ReceiverID       string `json:"receiverId"`
	ArboEmployerID   string `json:"arboEmployerId"`
	ConnectionNumber string `json:"connectionNumber"`
	PayrollTaxNumber string `json:"payrollTaxNumber"`
	ContactSurname   string `json:"contactSurname"`
	ContactInitials  string `json:"contactInitials"`
	ContactRole      string `json:"contactRole"`    // 01..05
	ContactChannel   string `json:"contactChannel"` // 06, 08 or 10
	ContactValue     string `json:"contactValue"`
	Gender           string `json:"gender"`   // M, V, X, O: only when the record has none
	Initials         string `json:"initials"` // only when the record has none
	ProcessingCode   string `json:"processingCode"`
	CauseCode        string `json:"causeCode"`
}

// SIVISaved says where the files went; Folder is "" when the user cancelled the dialog.
type SIVISaved struct {
	Folder string   `json:"folder"`
	Files  []string `json:"files"`
}

// SaveSIVI asks where to save and writes the SIVI files of a shared employee there
// (WerknemerGegevens.xml, and Verzuimmeldingen.xml with a sick report): the workspace's
// ExportSIVI, as `kluis export --sivi`. Refused with not_shared for an unshared dossier and
// with sivi_incomplete (fields named) when a required value is missing.
func (sh *Sharing) SaveSIVI(employeeID string, form SIVIForm) (_ SIVISaved, err error) {
	defer sh.s.recovered("Sharing.SaveSIVI", &err)
	ws, id, err := sh.open(employeeID)
	if err != nil {
		return SIVISaved{}, err
	}
	sh.s.Touch()
	path, err := askSavePath(sh.s.platformNow(), "SIVI-bestanden opslaan / Save SIVI files", sivi.FileWerknemerGegevens, "XML", ".xml")
	if err != nil {
		return SIVISaved{}, sh.s.fail("save sivi", err)
	}
	if path == "" {
		return SIVISaved{}, nil
	}
	files, err := ws.ExportSIVI(id, workspace.SIVIInput{
		Exchange: sivi.Exchange{SenderID: form.SenderID, ReceiverID: form.ReceiverID, EmployerID: form.ArboEmployerID,
			ConnectionNumber: form.ConnectionNumber, PayrollTaxNumber: form.PayrollTaxNumber},
		Contact: sivi.Contact{Surname: form.ContactSurname, Initials: form.ContactInitials, Role: form.ContactRole,
			Channel: form.ContactChannel, Value: form.ContactValue},
		Gender: form.Gender, Initials: form.Initials, ProcessingCode: form.ProcessingCode, CauseCode: form.CauseCode,
	})
	if err != nil {
		return SIVISaved{}, sh.s.fail("save sivi", err)
	}
	dir := filepath.Dir(path)
	written, err := files.Write(dir)
	if err != nil {
		return SIVISaved{}, sh.s.fail("save sivi", err)
	}
	out := SIVISaved{Folder: dir, Files: append([]string{}, written...)}
	return out, nil
}

package app

import (
	"kluis/internal/support"
	"kluis/internal/workspace"
)

// Support is the facade of the Ondersteuning page, which every user reaches from the header:
// the arbo service's helpdesk (an admin may record or correct it) and the support block that
// "Kopieer gegevens voor support" copies.
type Support struct {
	s *Session
}

// HelpdeskView is the helpdesk the page shows. Source is none, service (given at enrolment) or
// own (recorded by an admin; it wins). Service is what the arbo service gave, for an admin
// correcting it.
type HelpdeskView struct {
	Name        string   `json:"name"`
	Email       string   `json:"email"`
	Phone       string   `json:"phone"`
	Hours       string   `json:"hours"`
	Source      string   `json:"source"`
	Service     Helpdesk `json:"service"`
	ServiceName string   `json:"serviceName"`
	Linked      bool     `json:"linked"`
	CanEdit     bool     `json:"canEdit"`
}

// HelpdeskForm is the helpdesk form as typed; all fields empty removes the recorded helpdesk.
// Field errors come under name, email, phone and hours.
type HelpdeskForm struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	Phone string `json:"phone"`
	Hours string `json:"hours"`
}

// SupportInfo is the support block: Text is what the button copies, the rest what the page shows
// next to it. None of it names a person, a department or the employer.
type SupportInfo struct {
	Text        string `json:"text"`
	Version     string `json:"version"`
	VaultPath   string `json:"vaultPath"`
	LogPath     string `json:"logPath"`
	VaultFormat int    `json:"vaultFormat"`
	VaultBytes  int64  `json:"vaultBytes"` // -1 when unknown
}

// Helpdesk reads the helpdesk.
func (p *Support) Helpdesk() (_ HelpdeskView, err error) {
	defer p.s.recovered("Support.Helpdesk", &err)
	ws, err := p.s.workspace()
	if err != nil {
		return HelpdeskView{}, err
	}
	st, err := ws.Helpdesk()
	if err != nil {
		return HelpdeskView{}, p.s.fail("read helpdesk", err)
	}
	return helpdeskView(st), nil
}

// SaveHelpdesk records the helpdesk (admins; audited). An empty form removes it, so the one the
// arbo service gave shows again.
func (p *Support) SaveHelpdesk(form HelpdeskForm) (_ HelpdeskView, err error) {
	defer p.s.recovered("Support.SaveHelpdesk", &err)
	ws, err := p.s.workspace()
	if err != nil {
		return HelpdeskView{}, err
	}
	p.s.Touch()
	st, err := ws.SaveHelpdesk(support.HelpdeskInput{Name: form.Name, Email: form.Email, Phone: form.Phone, Hours: form.Hours})
	if err != nil {
		return HelpdeskView{}, p.s.fail("save helpdesk", err)
	}
	return helpdeskView(st), nil
}

// Info builds the support block.
func (p *Support) Info() (_ SupportInfo, err error) {
	defer p.s.recovered("Support.Info", &err)
	ws, err := p.s.workspace()
	if err != nil {
		return SupportInfo{}, err
	}
	in, err := ws.SupportInfo(workspace.SupportEnv{VaultDir: p.s.cfg.VaultDir, LogPath: p.s.cfg.LogPath})
	if err != nil {
		return SupportInfo{}, p.s.fail("support info", err)
	}
	return SupportInfo{Text: in.Text(), Version: in.Version, VaultPath: in.VaultDir, LogPath: in.LogPath,
		VaultFormat: in.VaultFormat, VaultBytes: in.VaultBytes}, nil
}

func helpdeskView(st workspace.HelpdeskState) HelpdeskView {
	h := st.Helpdesk
	return HelpdeskView{Name: h.Name, Email: h.Email, Phone: h.Phone, Hours: h.Hours, Source: st.Source,
		Service: Helpdesk(st.Service), ServiceName: st.ServiceName, Linked: st.Linked, CanEdit: st.CanEdit}
}

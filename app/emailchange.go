package app

import "kluis/internal/vault"

// EmailChangeInfo is a user's request for a new unlock e-mail address, for Actueel's card
// "E-mailadres wijzigen" (admins only).
type EmailChangeInfo struct {
	UserID   string `json:"userId"`
	Name     string `json:"name"`
	Email    string `json:"email"`
	NewEmail string `json:"newEmail"`
}

// EmailChanges lists the users who asked for a new unlock e-mail address.
func (a *Admin) EmailChanges() (_ []EmailChangeInfo, err error) {
	defer a.s.recovered("Admin.EmailChanges", &err)
	ws, _, err := a.open()
	if err != nil {
		return nil, err
	}
	list, err := ws.PendingEmailChanges()
	if err != nil {
		return nil, a.s.fail("list e-mail changes", err)
	}
	out := make([]EmailChangeInfo, len(list))
	for i, c := range list {
		out[i] = EmailChangeInfo{UserID: c.User.String(), Name: c.Name, Email: c.Email, NewEmail: c.NewEmail}
	}
	return out, nil
}

// ApproveEmailChange ("Akkoord") makes the address the user asked for the one they unlock with.
func (a *Admin) ApproveEmailChange(userID string) (err error) {
	defer a.s.recovered("Admin.ApproveEmailChange", &err)
	return a.emailChange(userID, true)
}

// RejectEmailChange ("Afwijzen") withdraws the user's request; they keep their address.
func (a *Admin) RejectEmailChange(userID string) (err error) {
	defer a.s.recovered("Admin.RejectEmailChange", &err)
	return a.emailChange(userID, false)
}

func (a *Admin) emailChange(userID string, approve bool) error {
	ws, _, err := a.open()
	if err != nil {
		return err
	}
	id, err := vault.ParseUserID(userID)
	if err != nil {
		return errBadID
	}
	op, do := "reject e-mail change", ws.RejectEmailChange
	if approve {
		op, do = "approve e-mail change", ws.ApproveEmailChange
	}
	if err := do(id); err != nil {
		return a.s.fail(op, err)
	}
	return nil
}

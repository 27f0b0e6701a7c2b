package app

// RecentEmployee is an employee of the user's recently visited list, labelled as the tree
// labels them: Label is "" for an employee the tree shows as "Anoniem (Persnr …)".
type RecentEmployee struct {
	ID             string `json:"id"`
	Persnr         string `json:"persnr"`
	Label          string `json:"label"`
	DepartmentPath string `json:"departmentPath"`
	Active         bool   `json:"active"`
}

// RecentEmployees is the unlocked user's recently visited employees (the last ten opened in
// the detail pane), newest first. Employees they no longer see are left out.
func (d *Directory) RecentEmployees() (_ []RecentEmployee, err error) {
	defer d.s.recovered("Directory.RecentEmployees", &err)
	ws, err := d.s.workspace()
	if err != nil {
		return nil, err
	}
	rows, err := ws.RecentEmployees()
	if err != nil {
		return nil, d.s.fail("recent employees", err)
	}
	out := make([]RecentEmployee, len(rows))
	for i, r := range rows {
		out[i] = RecentEmployee{ID: r.ID.String(), Persnr: r.Persnr, Label: r.Label, DepartmentPath: r.DepartmentPath,
			Active: r.Active}
	}
	return out, nil
}

package app

import (
	"context"

	"kluis/internal/people"
	"kluis/internal/vault"
	"kluis/internal/workspace"
)

// Directory is the facade of the Medewerkers screen: the org tree, employee details, search and
// the add/edit forms. Every call that shows identity data records an audit event.
type Directory struct {
	s *Session
}

// dir is the unlocked workspace's directory, for calls that show no identity data.
func (d *Directory) dir() (*people.Directory, error) {
	ws, err := d.s.workspace()
	if err != nil {
		return nil, err
	}
	return ws.Directory(), nil
}

// Employers lists the vault's employers by name.
func (d *Directory) Employers() (_ []EmployerInfo, err error) {
	defer d.s.recovered("Directory.Employers", &err)
	dir, err := d.dir()
	if err != nil {
		return nil, err
	}
	list, err := dir.Employers()
	if err != nil {
		return nil, d.s.fail("list employers", err)
	}
	out := make([]EmployerInfo, len(list))
	for i, e := range list {
		out[i] = employerInfo(e)
	}
	return out, nil
}

// AddEmployer adds an employer (admins only); field errors come under "name" and "kvk".
func (d *Directory) AddEmployer(name, kvk string) (_ EmployerInfo, err error) {
	defer d.s.recovered("Directory.AddEmployer", &err)
	dir, err := d.dir()
	if err != nil {
		return EmployerInfo{}, err
	}
	e, err := dir.AddEmployer(name, kvk)
	if err != nil {
		return EmployerInfo{}, d.s.fail("add employer", err)
	}
	return employerInfo(e), nil
}

// UpdateEmployer renames an employer or corrects its KvK number (admins only); field errors
// come under "name" and "kvk".
func (d *Directory) UpdateEmployer(id, name, kvk string) (_ EmployerInfo, err error) {
	defer d.s.recovered("Directory.UpdateEmployer", &err)
	dir, err := d.dir()
	if err != nil {
		return EmployerInfo{}, err
	}
	eid, err := parseID(id)
	if err != nil {
		return EmployerInfo{}, err
	}
	e, err := dir.UpdateEmployer(eid, name, kvk)
	if err != nil {
		return EmployerInfo{}, d.s.fail("update employer", err)
	}
	return employerInfo(e), nil
}

// UpdateEmployerDetails saves the admin's employer dialog: name, KvK number,
// loonheffingennummer and the visiting and postal address (admins only). Field errors come
// under the EmployerForm's names.
func (d *Directory) UpdateEmployerDetails(id string, form EmployerForm) (_ EmployerInfo, err error) {
	defer d.s.recovered("Directory.UpdateEmployerDetails", &err)
	ws, err := d.s.workspace()
	if err != nil {
		return EmployerInfo{}, err
	}
	eid, err := parseID(id)
	if err != nil {
		return EmployerInfo{}, err
	}
	e, err := ws.UpdateEmployer(eid, form.Name, form.KvK, people.EmployerFacts{PayrollTaxNumber: form.PayrollTaxNumber,
		VisitAddress: employerAddressIn(form.VisitAddress), PostalAddress: employerAddressIn(form.PostalAddress)})
	if err != nil {
		return EmployerInfo{}, d.s.fail("update employer", err)
	}
	return employerInfo(e), nil
}

func employerInfo(e people.Employer) EmployerInfo {
	return EmployerInfo{ID: e.ID.String(), Name: e.Name, KvK: e.KvK, PayrollTaxNumber: e.PayrollTaxNumber,
		VisitAddress: employerAddressOut(e.VisitAddress), PostalAddress: employerAddressOut(e.PostalAddress)}
}

func employerAddressIn(a EmployerAddress) people.Address {
	return people.Address{Street: a.Street, Number: a.Number, Addition: a.Addition, Postcode: a.Postcode, City: a.City}
}

func employerAddressOut(a people.Address) EmployerAddress {
	return EmployerAddress{Street: a.Street, Number: a.Number, Addition: a.Addition, Postcode: a.Postcode, City: a.City}
}

// Departments lists an employer's live departments in tree order.
func (d *Directory) Departments(employerID string) (_ []DepartmentInfo, err error) {
	defer d.s.recovered("Directory.Departments", &err)
	dir, err := d.dir()
	if err != nil {
		return nil, err
	}
	employer, err := parseID(employerID)
	if err != nil {
		return nil, err
	}
	nodes, err := dir.Tree(employer)
	if err != nil {
		return nil, d.s.fail("list departments", err)
	}
	out := make([]DepartmentInfo, len(nodes))
	for i, n := range nodes {
		out[i] = departmentInfo(n.Department, n.Path, n.Depth)
		out[i].Employees = n.Total.Active + n.Total.Ended
	}
	return out, nil
}

func departmentInfo(dep people.Department, path string, depth int) DepartmentInfo {
	info := DepartmentInfo{ID: dep.ID.String(), Employer: dep.Employer.String(), Name: dep.Name, Code: dep.Code,
		Path: path, Depth: depth}
	if dep.Parent != (vault.ID{}) {
		info.Parent = dep.Parent.String()
	}
	return info
}

// TreeRows returns one page of the flattened tree for the expansion state, filters and sort.
func (d *Directory) TreeRows(q TreeQuery) (_ TreePage, err error) {
	defer d.s.recovered("Directory.TreeRows", &err)
	dir, err := d.dir()
	if err != nil {
		return TreePage{}, err
	}
	rq := people.RowQuery{Offset: q.Offset, Limit: q.Limit, Status: q.Status, Share: q.Share, Sort: q.Sort}
	for _, s := range q.Expanded {
		if id, err := vault.ParseID(s); err == nil {
			rq.Expanded = append(rq.Expanded, id)
		}
	}
	page, err := dir.Rows(rq)
	if err != nil {
		return TreePage{}, d.s.fail("tree rows", err)
	}
	out := TreePage{Total: page.Total, Offset: page.Offset, Rows: make([]TreeRow, len(page.Rows))}
	for i, r := range page.Rows {
		out.Rows[i] = TreeRow{ID: r.ID.String(), Kind: r.Kind, Depth: r.Depth, Label: r.Label, Persnr: r.Persnr,
			Anonymised: r.Anonymised, Shared: r.Shared, Active: r.Active, HasChildren: r.HasChildren,
			Expanded: r.Expanded, Count: r.Count, ActiveCount: r.ActiveCount, PosInSet: r.PosInSet, SetSize: r.SetSize}
	}
	return out, nil
}

// Employee reads one employee for the detail pane; a read of identity data is audited, and the
// employee goes first in the user's recently visited list.
func (d *Directory) Employee(id string) (_ EmployeeDetail, err error) {
	defer d.s.recovered("Directory.Employee", &err)
	return d.shown("read employee", func(ws *workspace.Workspace) (people.EmployeeView, error) {
		eid, err := parseID(id)
		if err != nil {
			return people.EmployeeView{}, err
		}
		return ws.OpenEmployee(eid)
	})
}

// shown runs a use case that ends in an employee as shown (the workspace audited any identity
// in it), maps its error for op and returns the pane's DTO.
func (d *Directory) shown(op string, show func(*workspace.Workspace) (people.EmployeeView, error)) (EmployeeDetail, error) {
	ws, err := d.s.workspace()
	if err != nil {
		return EmployeeDetail{}, err
	}
	v, err := show(ws)
	if err != nil {
		return EmployeeDetail{}, d.s.fail(op, err)
	}
	dir := ws.Directory()
	out := EmployeeDetail{ID: v.ID.String(), Employer: v.Employer.String(), Persnr: v.Persnr,
		Department: v.Department.String(), DepartmentPath: v.DepartmentPath, Shared: v.Shared, Active: v.Active,
		IdentityRead: v.IdentityRead, Employments: []EmploymentFacts{}}
	if v.Shared && v.Identity != nil {
		out.Label = v.Identity.DisplayName()
	}
	for i := len(v.Employments) - 1; i >= 0; i-- {
		e := v.Employments[i]
		path, _ := dir.DepartmentPath(e.Department)
		out.Employments = append(out.Employments, EmploymentFacts{Department: e.Department.String(), DepartmentPath: path,
			Start: e.Start, End: e.End, Hours: e.Hours, CostCentre: e.CostCentre, JobTitle: e.JobTitle,
			Contract: e.Contract, Sector: e.Sector, RiskGroup: e.RiskGroup, UWVRef: e.UWVRef})
	}
	if v.IdentityRead {
		out.Identity = identityFields(v.Identity)
	}
	return out, nil
}

func identityFields(i *people.Identity) *IdentityFields {
	return &IdentityFields{Initials: i.Initials, FirstName: i.FirstName, FirstNames: i.FirstNames, Prefix: i.Prefix,
		Surname: i.Surname, PartnerPrefix: i.PartnerPrefix, PartnerSurname: i.PartnerSurname,
		NameUsage: string(i.NameUsage), Gender: i.Gender, BSN: i.BSN, BirthDate: i.BirthDate,
		Street: i.Address.Street, Number: i.Address.Number, Addition: i.Address.Addition,
		Postcode: i.Address.Postcode, City: i.Address.City, Country: i.Address.Country,
		PhoneMobile: i.Phones.Mobile, PhoneWork: i.Phones.Work, PhonePrivate: i.Phones.Private,
		EmailWork: i.Emails.Work, EmailPrivate: i.Emails.Private, DisplayName: i.DisplayName()}
}

// MaxSearchHits is how many results the search box shows.
const MaxSearchHits = 50

// SearchAnswer is the search box's answer: the first MaxSearchHits hits and how many employees
// the query matches in all, so the box can say "50 of 312; refine your search".
type SearchAnswer struct {
	Hits  []SearchHit `json:"hits"`
	Total int         `json:"total"`
}

// Search finds employees by persnr, part of a name, BSN, or birth date + postcode. Hits whose
// names were read are audited as one search event.
func (d *Directory) Search(query string) (_ SearchAnswer, err error) {
	defer d.s.recovered("Directory.Search", &err)
	ws, err := d.s.workspace()
	if err != nil {
		return SearchAnswer{}, err
	}
	hits, total, err := ws.SearchTotal(query, MaxSearchHits)
	if err != nil {
		return SearchAnswer{}, d.s.fail("search", err)
	}
	out := make([]SearchHit, len(hits))
	for i, h := range hits {
		out[i] = SearchHit{ID: h.Employee.String(), Persnr: h.Persnr, Employer: h.Employer.String(),
			DepartmentPath: h.DepartmentPath, Shared: h.Shared, Active: h.Active, MatchedBy: string(h.MatchedBy)}
		if h.IdentityRead && h.Name != nil {
			out[i].Name = h.Name.Display
		}
	}
	return SearchAnswer{Hits: out, Total: max(total, len(out))}, nil
}

// CreateEmployee adds an employee to an employer.
func (d *Directory) CreateEmployee(employerID string, form EmployeeForm) (_ EmployeeDetail, err error) {
	defer d.s.recovered("Directory.CreateEmployee", &err)
	return d.shown("create employee", func(ws *workspace.Workspace) (people.EmployeeView, error) {
		employer, err := parseID(employerID)
		if err != nil {
			return people.EmployeeView{}, err
		}
		in, err := employeeInput(form)
		if err != nil {
			return people.EmployeeView{}, err
		}
		return ws.CreateEmployee(employer, in)
	})
}

// UpdateEmployee replaces an employee's identity and current employment with the form.
func (d *Directory) UpdateEmployee(id string, form EmployeeForm) (_ EmployeeDetail, err error) {
	defer d.s.recovered("Directory.UpdateEmployee", &err)
	return d.shown("update employee", func(ws *workspace.Workspace) (people.EmployeeView, error) {
		eid, err := parseID(id)
		if err != nil {
			return people.EmployeeView{}, err
		}
		in, err := employeeInput(form)
		if err != nil {
			return people.EmployeeView{}, err
		}
		return ws.UpdateEmployee(eid, in)
	})
}

// EndEmployment ends the employee's current employment on the given date.
func (d *Directory) EndEmployment(id, end string) (_ EmployeeDetail, err error) {
	defer d.s.recovered("Directory.EndEmployment", &err)
	return d.shown("end employment", func(ws *workspace.Workspace) (people.EmployeeView, error) {
		eid, err := parseID(id)
		if err != nil {
			return people.EmployeeView{}, err
		}
		return ws.EndEmployment(eid, end)
	})
}

// changeDepartment runs a department write, maps its error for op and returns the department.
func (d *Directory) changeDepartment(op string, write func(*people.Directory) (people.Department, error)) (DepartmentInfo, error) {
	dir, err := d.dir()
	if err != nil {
		return DepartmentInfo{}, err
	}
	dep, err := write(dir)
	if err != nil {
		return DepartmentInfo{}, d.s.fail(op, err)
	}
	return d.departmentOut(dir, dep)
}

// CreateDepartment adds a department (parentID "" for the top level); admins only, because it
// creates the department's identity key.
func (d *Directory) CreateDepartment(employerID, parentID, name, code string) (_ DepartmentInfo, err error) {
	defer d.s.recovered("Directory.CreateDepartment", &err)
	return d.changeDepartment("create department", func(dir *people.Directory) (people.Department, error) {
		employer, err := parseID(employerID)
		if err != nil {
			return people.Department{}, err
		}
		parent, err := parseOptionalID(parentID)
		if err != nil {
			return people.Department{}, err
		}
		return dir.CreateDepartment(employer, parent, name, code)
	})
}

// RenameDepartment changes a department's name and code.
func (d *Directory) RenameDepartment(id, name, code string) (_ DepartmentInfo, err error) {
	defer d.s.recovered("Directory.RenameDepartment", &err)
	return d.changeDepartment("rename department", func(dir *people.Directory) (people.Department, error) {
		did, err := parseID(id)
		if err != nil {
			return people.Department{}, err
		}
		return dir.RenameDepartment(did, name, code)
	})
}

// MoveDepartment puts a department below another (parentID "" for the top level). Admins only:
// the tree decides what a manager's grant covers, so the move is signed, and a manager who
// loses the department by it has its key replaced before this returns.
func (d *Directory) MoveDepartment(id, parentID string) (_ DepartmentInfo, err error) {
	defer d.s.recovered("Directory.MoveDepartment", &err)
	ws, err := d.s.workspace()
	if err != nil {
		return DepartmentInfo{}, err
	}
	return d.changeDepartment("move department", func(dir *people.Directory) (people.Department, error) {
		did, err := parseID(id)
		if err != nil {
			return people.Department{}, err
		}
		parent, err := parseOptionalID(parentID)
		if err != nil {
			return people.Department{}, err
		}
		return ws.MoveDepartment(context.Background(), did, parent, nil)
	})
}

// ArchiveDepartment hides an empty department; one with active employees or live departments
// below it cannot vanish.
func (d *Directory) ArchiveDepartment(id string) (err error) {
	defer d.s.recovered("Directory.ArchiveDepartment", &err)
	dir, err := d.dir()
	if err != nil {
		return err
	}
	did, err := parseID(id)
	if err != nil {
		return err
	}
	if err := dir.ArchiveDepartment(did); err != nil {
		return d.s.fail("archive department", err)
	}
	return nil
}

func (d *Directory) departmentOut(dir *people.Directory, dep people.Department) (DepartmentInfo, error) {
	path, err := dir.DepartmentPath(dep.ID)
	if err != nil {
		return DepartmentInfo{}, d.s.fail("department path", err)
	}
	return departmentInfo(dep, path, countSlashes(path)), nil
}

func countSlashes(path string) int {
	n := 0
	for _, r := range path {
		if r == '/' {
			n++
		}
	}
	return n
}

func employeeInput(f EmployeeForm) (people.EmployeeInput, error) {
	dep, err := parseOptionalID(f.Department)
	if err != nil {
		return people.EmployeeInput{}, err
	}
	i := f.Identity
	return people.EmployeeInput{Persnr: f.Persnr, DepartmentID: dep,
		Initials: i.Initials, FirstName: i.FirstName, FirstNames: i.FirstNames, Prefix: i.Prefix, Surname: i.Surname,
		PartnerPrefix: i.PartnerPrefix, PartnerSurname: i.PartnerSurname, NameUsage: i.NameUsage, Gender: i.Gender,
		BSN: i.BSN, BirthDate: i.BirthDate, Street: i.Street, Number: i.Number, Addition: i.Addition,
		Postcode: i.Postcode, City: i.City, Country: i.Country, PhoneMobile: i.PhoneMobile, PhoneWork: i.PhoneWork,
		PhonePrivate: i.PhonePrivate, EmailWork: i.EmailWork, EmailPrivate: i.EmailPrivate,
		Start: f.Start, End: f.End, Hours: f.Hours, CostCentre: f.CostCentre, JobTitle: f.JobTitle,
		Contract: f.Contract, Sector: f.Sector, RiskGroup: f.RiskGroup, UWVRef: f.UWVRef}, nil
}

// errBadID answers an id the frontend should never send.
var errBadID = codeMessage(workspace.CodeInvalidInput, "The request named an unknown record.")

func parseID(s string) (vault.ID, error) {
	id, err := vault.ParseID(s)
	if err != nil {
		return vault.ID{}, errBadID
	}
	return id, nil
}

func parseOptionalID(s string) (vault.ID, error) {
	if s == "" {
		return vault.ID{}, nil
	}
	return parseID(s)
}

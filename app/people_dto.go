package app

// DTOs of the Medewerkers screen. Ids are hex strings; dates are jjjj-mm-dd going out and any
// accepted form (dd-mm-jjjj, jjjj-mm-dd, …) coming in.

// EmployerInfo is an employer in the vault.
type EmployerInfo struct {
	ID               string          `json:"id"`
	Name             string          `json:"name"`
	KvK              string          `json:"kvk"`
	PayrollTaxNumber string          `json:"payrollTaxNumber"` // loonheffingennummer, "" when not recorded
	VisitAddress     EmployerAddress `json:"visitAddress"`
	PostalAddress    EmployerAddress `json:"postalAddress"`
}

// EmployerAddress is an employer's Dutch visiting or postal address; all empty when not recorded.
type EmployerAddress struct {
	Street   string `json:"street"`
	Number   string `json:"number"`
	Addition string `json:"addition"`
	Postcode string `json:"postcode"`
	City     string `json:"city"`
}

// EmployerForm is the admin's employer dialog. Field errors come back under "name", "kvk",
// "payrollTax" and "visit.<part>" / "postal.<part>" (street, number, addition, postcode, city).
type EmployerForm struct {
	Name             string          `json:"name"`
	KvK              string          `json:"kvk"`
	PayrollTaxNumber string          `json:"payrollTaxNumber"`
	VisitAddress     EmployerAddress `json:"visitAddress"`
	PostalAddress    EmployerAddress `json:"postalAddress"`
}

// DepartmentInfo is a live department in tree order, for pickers and the tree's context menu.
type DepartmentInfo struct {
	ID       string `json:"id"`
	Employer string `json:"employer"`
	Parent   string `json:"parent"` // "" at the top level
	Name     string `json:"name"`
	Code     string `json:"code"`
	Path     string `json:"path"` // "Utrecht/Magazijn"
	Depth    int    `json:"depth"`
	// Employees counts the department and everything below it.
	Employees int `json:"employees"`
}

// TreeQuery asks for one page of the flattened org tree (see frontend TreeSource).
type TreeQuery struct {
	Expanded []string `json:"expanded"`
	Offset   int      `json:"offset"`
	Limit    int      `json:"limit"`
	Status   string   `json:"status"` // all | active | ended
	Share    string   `json:"share"`  // all | shared | unshared
	Sort     string   `json:"sort"`   // persnr | name
}

// TreeRow is one visible line of the tree. Label is empty for an anonymised employee.
type TreeRow struct {
	ID          string `json:"id"`
	Kind        string `json:"kind"` // employer | department | employee
	Depth       int    `json:"depth"`
	Label       string `json:"label"`
	Persnr      string `json:"persnr,omitempty"`
	Anonymised  bool   `json:"anonymised"`
	Shared      bool   `json:"shared"`
	Active      bool   `json:"active"`
	HasChildren bool   `json:"hasChildren"`
	Expanded    bool   `json:"expanded"`
	Count       int    `json:"count"`
	ActiveCount int    `json:"activeCount"`
	PosInSet    int    `json:"posInSet"`
	SetSize     int    `json:"setSize"`
}

// TreePage is a slice of the flattened tree; Total counts every visible row.
type TreePage struct {
	Total  int       `json:"total"`
	Offset int       `json:"offset"`
	Rows   []TreeRow `json:"rows"`
}

// EmployeeDetail is the right-hand pane: the anonymised facts always, the identity only when the
// user's keys open it (IdentityRead; the read is audited).
type EmployeeDetail struct {
	ID             string            `json:"id"`
	Employer       string            `json:"employer"`
	Persnr         string            `json:"persnr"`
	Department     string            `json:"department"`
	DepartmentPath string            `json:"departmentPath"`
	Shared         bool              `json:"shared"`
	Active         bool              `json:"active"`
	Label          string            `json:"label"` // display name when shared and readable, else ""
	IdentityRead   bool              `json:"identityRead"`
	Identity       *IdentityFields   `json:"identity,omitempty"`
	Employments    []EmploymentFacts `json:"employments"` // newest first
}

// IdentityFields are an employee's identity data as the form shows and edits them.
type IdentityFields struct {
	Initials       string `json:"initials"`
	FirstName      string `json:"firstName"`
	FirstNames     string `json:"firstNames"`
	Prefix         string `json:"prefix"`
	Surname        string `json:"surname"`
	PartnerPrefix  string `json:"partnerPrefix"`
	PartnerSurname string `json:"partnerSurname"`
	NameUsage      string `json:"nameUsage"` // own | partner | partner-own | own-partner | ""
	Gender         string `json:"gender"`    // M | V | X | O | ""
	BSN            string `json:"bsn"`
	BirthDate      string `json:"birthDate"`
	Street         string `json:"street"`
	Number         string `json:"number"`
	Addition       string `json:"addition"`
	Postcode       string `json:"postcode"`
	City           string `json:"city"`
	Country        string `json:"country"` // NL | BE | another country's name
	PhoneMobile    string `json:"phoneMobile"`
	PhoneWork      string `json:"phoneWork"`
	PhonePrivate   string `json:"phonePrivate"`
	EmailWork      string `json:"emailWork"`
	EmailPrivate   string `json:"emailPrivate"`
	DisplayName    string `json:"displayName"`
}

// EmploymentFacts is one employment period.
type EmploymentFacts struct {
	Department     string `json:"department"`
	DepartmentPath string `json:"departmentPath"`
	Start          string `json:"start"`
	End            string `json:"end"`
	Hours          string `json:"hours"`
	CostCentre     string `json:"costCentre"`
	JobTitle       string `json:"jobTitle"`
	Contract       string `json:"contract"` // fixed-term | permanent | on-call | agency | ""
	Sector         string `json:"sector"`
	RiskGroup      string `json:"riskGroup"`
	UWVRef         string `json:"uwvRef"`
}

// EmployeeForm is the add/edit form. Field errors come back under the canonical column names
// (persnr, achternaam, geboortedatum, …; see docs/CLI.md) in AppError.Fields.
type EmployeeForm struct {
	Persnr     string         `json:"persnr"`
	Department string         `json:"department"` // department id
	Identity   IdentityFields `json:"identity"`
	Start      string         `json:"start"`
	End        string         `json:"end"`
	Hours      string         `json:"hours"`
	CostCentre string         `json:"costCentre"`
	JobTitle   string         `json:"jobTitle"`
	Contract   string         `json:"contract"`
	Sector     string         `json:"sector"`
	RiskGroup  string         `json:"riskGroup"`
	UWVRef     string         `json:"uwvRef"`
}

// SearchHit is one search result. Name is set only when the user's keys open the identity
// (the read is audited).
type SearchHit struct {
	ID             string `json:"id"`
	Persnr         string `json:"persnr"`
	Employer       string `json:"employer"`
	DepartmentPath string `json:"departmentPath"`
	Shared         bool   `json:"shared"`
	Active         bool   `json:"active"`
	MatchedBy      string `json:"matchedBy"` // persnr | bsn | birth_postcode | name
	Name           string `json:"name"`
}

package workspace_test

import (
	"encoding/json"
	"strings"
	"testing"

	"kluis/internal/audit"
	"kluis/internal/people"
)

// An employer's facts go into every SIVI export and the processor-agreement record, so who
// changed them is accountable: each change is an employer.update event that names the changed
// facts and never their values; saving the form unchanged is no event.
func TestRule_AChangeOfEmployerDetailsIsAuditedByFactNotByValue(t *testing.T) {
	o := open(t)
	const canaryStreet = "Canarieweg"
	facts := people.EmployerFacts{
		PayrollTaxNumber: "111222333L01",
		VisitAddress:     people.Address{Street: canaryStreet, Number: "12", Postcode: "3511AB", City: "Utrecht"},
	}
	if _, err := o.ws.UpdateEmployer(o.employer.ID, o.employer.Name, o.employer.KvK, facts); err != nil {
		t.Fatal(err)
	}
	// The same form saved again changes nothing.
	if _, err := o.ws.UpdateEmployer(o.employer.ID, o.employer.Name, o.employer.KvK, facts); err != nil {
		t.Fatal(err)
	}
	if _, err := o.ws.UpdateEmployer(o.employer.ID, "Canarie Bakkerij BV", o.employer.KvK, facts); err != nil {
		t.Fatal(err)
	}
	events, err := o.ws.Audit().List()
	if err != nil {
		t.Fatal(err)
	}
	var details []string
	for _, e := range events {
		b, _ := json.Marshal(e)
		if strings.Contains(strings.ToLower(string(b)), "canarie") || strings.Contains(string(b), "111222333") {
			t.Fatalf("an audit event holds an employer value: %s", b)
		}
		if e.Action == audit.ActionEmployerUpdate {
			details = append(details, e.Detail)
		}
	}
	if strings.Join(details, "|") != "payrollTax,visit|name" {
		t.Fatalf("employer.update details = %q, want one per change naming the facts", details)
	}
}

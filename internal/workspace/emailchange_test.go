package workspace_test

import (
	"encoding/json"
	"strings"
	"testing"

	"kluis/internal/audit"
	"kluis/internal/workspace"
)

// A user's request for a new address is approved or rejected by an administrator only; both
// are audited with the user as subject and without either address (canaries), and the
// approved address is the one the user unlocks with afterwards.
func TestRule_EmailChangesNeedAnAdminAndAreAuditedWithoutTheAddresses(t *testing.T) {
	const canaryRejected, canaryApproved = "canarie.afgewezen@example.test", "canarie.goedgekeurd@example.test"
	o, _ := logbookVault(t)
	officer := o.asOfficer(t)
	me := officer.Session().UserID()
	if _, err := officer.UpdateOwnAccount(officerProfile, canaryRejected); err != nil {
		t.Fatal(err)
	}
	if _, err := officer.PendingEmailChanges(); workspace.Explain(err).Code != workspace.CodeDenied {
		t.Fatalf("a non-admin lists requests: %v", err)
	}
	if err := officer.ApproveEmailChange(me); workspace.Explain(err).Code != workspace.CodeDenied {
		t.Fatalf("a non-admin approves: %v", err)
	}
	officer.Close()
	admin := o.reopen(t)
	list, err := admin.PendingEmailChanges()
	if err != nil || len(list) != 1 || list[0].User != me || list[0].NewEmail != canaryRejected {
		t.Fatalf("requests %+v %v", list, err)
	}
	if err := admin.RejectEmailChange(me); err != nil {
		t.Fatal(err)
	}
	if err := admin.RejectEmailChange(me); workspace.Explain(err).Code != workspace.CodeNotFound {
		t.Fatalf("a second rejection: %v", err)
	}
	admin.Close()
	officer = o.asOfficer(t)
	if _, err := officer.UpdateOwnAccount(officerProfile, canaryApproved); err != nil {
		t.Fatal(err)
	}
	officer.Close()
	admin = o.reopen(t)
	if err := admin.ApproveEmailChange(me); err != nil {
		t.Fatal(err)
	}
	events, err := admin.Audit().List()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[audit.Action]int{}
	for _, e := range events {
		b, _ := json.Marshal(e)
		if strings.Contains(strings.ToLower(string(b)), "canarie") {
			t.Fatalf("an audit event holds an address: %s", b)
		}
		if e.Action == audit.ActionEmailApprove || e.Action == audit.ActionEmailReject {
			if e.Detail != "" || len(e.Subjects) != 1 || e.Subjects[0] != me.RecordID() {
				t.Fatalf("event %+v", e)
			}
		}
		if e.Action == audit.ActionAccountUpdate && e.Detail != "email" {
			t.Fatalf("the request is audited as %+v", e)
		}
		seen[e.Action]++
	}
	if seen[audit.ActionEmailApprove] != 1 || seen[audit.ActionEmailReject] != 1 || seen[audit.ActionAccountUpdate] != 2 {
		t.Fatalf("events %v", seen)
	}
	admin.Close()
	s, err := o.v.Unlock(canaryApproved, []byte(officerPass))
	if err != nil {
		t.Fatalf("the approved address does not unlock: %v", err)
	}
	s.Lock()
	if _, err := o.v.Unlock(officerEmail, []byte(officerPass)); err == nil {
		t.Fatal("the old address still unlocks")
	}
}

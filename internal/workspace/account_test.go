package workspace_test

import (
	"encoding/json"
	"strings"
	"testing"

	"kluis/internal/access"
	"kluis/internal/audit"
	"kluis/internal/vault/vaulttest"
	"kluis/internal/workspace"
)

// A change of one's own account is audited as what changed (name, email), never the values; a
// refused change is not audited.
func TestRule_AnOwnAccountChangeIsAuditedWithoutItsValues(t *testing.T) {
	c, err := access.CreateVault(t.TempDir(), access.Setup{EmployerName: "Bakkerij De Korenaar BV", KvK: "12345678",
		AdminName: "Petra de Beheerder", AdminEmail: "petra@korenaar.example", Passphrase: []byte("paard batterij nietje correct")},
		vaulttest.Options())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Vault.Close() })
	ws := workspace.Open(c.Session, workspace.Config{})
	t.Cleanup(ws.Close)
	const canaryName, canaryEmail = "Canarie Accountnaam", "canarie.account@korenaar.example"
	p, err := ws.UpdateOwnAccount(canaryName, canaryEmail)
	if err != nil || p.Name != canaryName || p.Email != canaryEmail {
		t.Fatalf("%+v %v", p, err)
	}
	if _, err := ws.UpdateOwnAccount(" ", canaryEmail); workspace.Explain(err).Code != workspace.CodeInvalidInput {
		t.Fatalf("empty name: %v", err)
	}
	events, err := ws.Audit().List()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range events {
		b, _ := json.Marshal(e)
		if strings.Contains(strings.ToLower(string(b)), "canarie") {
			t.Fatalf("an audit event holds the new name or address: %s", b)
		}
		if e.Action == audit.ActionAccountUpdate {
			n++
			if e.Detail != "name,email" || len(e.Subjects) != 1 || e.Subjects[0] != c.Session.UserID().RecordID() {
				t.Fatalf("event %+v", e)
			}
		}
	}
	if n != 1 {
		t.Fatalf("%d account events", n)
	}
}

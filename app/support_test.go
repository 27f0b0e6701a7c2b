package app

import (
	"strings"
	"testing"

	"kluis/internal/audit"
	"kluis/internal/version"
	"kluis/internal/workspace"
)

func TestRule_SupportFacadeRecordsTheHelpdeskAndReportsFieldErrors(t *testing.T) {
	h := unlockedHarness(t)
	p := &Support{s: h.s}
	v, err := p.Helpdesk()
	if err != nil || v.Source != workspace.HelpdeskNone || !v.CanEdit || v.Linked {
		t.Fatalf("before: %+v %v", v, err)
	}
	_, err = p.SaveHelpdesk(HelpdeskForm{Email: "help@arbo", Phone: "12"})
	if ae := appErr(t, err); ae.Code != workspace.CodeInvalidInput || ae.Fields["email"] != "email_format" || ae.Fields["phone"] != "phone_format" {
		t.Fatalf("got %+v", ae)
	}
	v, err = p.SaveHelpdesk(HelpdeskForm{Name: "Arbo Midden", Phone: "030 123 45 67", Hours: "ma-vr 9-17"})
	if err != nil || v.Source != workspace.HelpdeskOwn || v.Phone != "030 123 45 67" || v.Name != "Arbo Midden" {
		t.Fatalf("after save: %+v %v", v, err)
	}
	n := 0
	for _, e := range h.auditEvents(t) {
		if e.Action == audit.ActionHelpdeskUpdate {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d helpdesk events, want 1", n)
	}
}

func TestRule_SupportInfoCarriesTheVersionAndNoNames(t *testing.T) {
	h := unlockedHarness(t)
	info, err := (&Support{s: h.s}).Info()
	if err != nil {
		t.Fatal(err)
	}
	if info.Version != version.String() || info.VaultPath != h.dir || info.VaultBytes <= 0 || !strings.Contains(info.Text, "Kluis version:") {
		t.Fatalf("info %+v", info)
	}
	for _, canary := range []string{"Korenaar", "12345678", "Petra", "petra@"} {
		if strings.Contains(info.Text, canary) {
			t.Errorf("support text holds %q:\n%s", canary, info.Text)
		}
	}
}

func TestRule_SupportNeedsAnUnlockedVault(t *testing.T) {
	h := unlockedHarness(t)
	h.s.Lock()
	if _, err := (&Support{s: h.s}).Info(); appErr(t, err).Code != workspace.CodeLocked {
		t.Fatalf("locked: %v", err)
	}
}

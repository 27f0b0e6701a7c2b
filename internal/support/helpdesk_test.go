package support

import (
	"strings"
	"testing"
	"time"
)

func TestRule_AllFieldsEmptyIsTheZeroHelpdeskWhichRemovesTheRecord(t *testing.T) {
	h, err := CheckHelpdesk(HelpdeskInput{Name: "  ", Hours: " "})
	if err != nil || !h.Empty() {
		t.Fatalf("%+v %v", h, err)
	}
}

func TestRule_APhoneAloneIsEnoughAndIsKeptAsTyped(t *testing.T) {
	h, err := CheckHelpdesk(HelpdeskInput{Phone: " +31 (0)30 123 4567 "})
	if err != nil || h.Phone != "+31 (0)30 123 4567" {
		t.Fatalf("%+v %v", h, err)
	}
}

func TestRule_TheTextPrintsUnknownCountsAsADashAndSizesReadably(t *testing.T) {
	in := Info{Version: "1.2.3", OS: "windows", Arch: "amd64", VaultFormat: 2, VaultDir: `C:\vault`, VaultBytes: 12_345_678,
		Users: -1, Requests: -1, Employees: 40, LastSuccess: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	text := in.Text()
	for _, want := range []string{"Kluis version:         1.2.3\n", "OS/arch:               windows/amd64\n",
		"Vault size on disk:    12.3 MB (12345678 bytes)\n", "Users:                 -\n", "Employees:             40\n",
		"Last sync success:     2026-12-01T09:00:00Z\n", "Last sync attempt:     never\n", "Log file:              -\n"} {
		if !strings.Contains(text, want) {
			t.Errorf("missing %q in\n%s", want, text)
		}
	}
}

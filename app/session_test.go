package app

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"kluis/internal/vault"
	"kluis/internal/vault/vaulttest"
	"kluis/internal/workspace"
)

const strong = "paard batterij nietje correct"

// fakePlatform records events and answers save dialogs with a fixed path.
type fakePlatform struct {
	mu       sync.Mutex
	events   []string
	payloads []any
	savePath string
	openPath string
	// onEmit, when set, sees every event after it is recorded (outside mu), from the goroutine
	// that emits it, as the Wails runtime would.
	onEmit func(event string, payload any)
}

func (p *fakePlatform) Emit(event string, payload any) {
	p.mu.Lock()
	p.events = append(p.events, event)
	p.payloads = append(p.payloads, payload)
	hook := p.onEmit
	p.mu.Unlock()
	if hook != nil {
		hook(event, payload)
	}
}

// whenEmitted closes the returned channel at the first event named event for which match is
// true.
func (p *fakePlatform) whenEmitted(event string, match func(payload any) bool) <-chan struct{} {
	ch := make(chan struct{})
	var once sync.Once
	p.mu.Lock()
	defer p.mu.Unlock()
	p.onEmit = func(e string, payload any) {
		if e == event && match(payload) {
			once.Do(func() { close(ch) })
		}
	}
	return ch
}

func (p *fakePlatform) SaveFile(string, string, string, string) (string, error) {
	return p.savePath, nil
}

func (p *fakePlatform) OpenFile(string, string, string) (string, error) { return p.openPath, nil }

// eventsNamed returns the payloads of the events with this name.
func (p *fakePlatform) eventsNamed(name string) []any {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []any
	for i, e := range p.events {
		if e == name {
			out = append(out, p.payloads[i])
		}
	}
	return out
}

// clock is a settable time source.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

type harness struct {
	s        *Session
	dirf     *Directory
	imp      *Import
	admin    *Admin
	life     *Lifecycle
	platform *fakePlatform
	clock    *clock
	dir      string
}

func newHarness(t *testing.T, dir string) *harness {
	t.Helper()
	return newHarnessWith(t, dir, vaulttest.Options())
}

// newHarnessWith is newHarness with other vault options (a costlier key derivation).
func newHarnessWith(t *testing.T, dir string, opts vault.Options) *harness {
	t.Helper()
	c := &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	f, life, err := New(Config{
		VaultDir:     dir,
		VaultOptions: opts,
		Now:          c.now,
	})
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{s: f.Session, dirf: f.Directory, imp: f.Import, admin: f.Admin, life: life, platform: &fakePlatform{}, clock: c, dir: dir}
	life.Startup(h.platform)
	t.Cleanup(life.Shutdown)
	return h
}

func validNewVault() NewVault {
	return NewVault{EmployerName: "Bakkerij De Korenaar BV", KvK: "12345678", AdminName: "Petra Beheer",
		AdminEmail: "petra@korenaar.example", Passphrase: strong}
}

func appErr(t *testing.T, err error) *AppError {
	t.Helper()
	var ae *AppError
	if !errors.As(err, &ae) {
		t.Fatalf("error %v (%T) is not an AppError", err, err)
	}
	return ae
}

func TestFirstScreenIsCreateWhenNoVaultExists(t *testing.T) {
	h := newHarness(t, filepath.Join(t.TempDir(), "vault"))
	if st := h.s.Status(); st.State != StateNew {
		t.Fatalf("state %q, want %q", st.State, StateNew)
	}
}

func TestCreateVaultUnlocksAndKeepsTheKitPendingUntilConfirmed(t *testing.T) {
	h := newHarness(t, filepath.Join(t.TempDir(), "vault"))
	res, err := h.s.CreateVault(validNewVault())
	if err != nil {
		t.Fatal(err)
	}
	if res.RecoveryCode == "" || res.Status.State != StateUnlocked || !res.Status.RecoveryKitPending {
		t.Fatalf("result %+v", res)
	}
	if res.Status.User == nil || res.Status.User.Name != "Petra Beheer" || res.Status.User.Role != "admin" {
		t.Fatalf("user %+v", res.Status.User)
	}
	if res.Status.Employer == nil || res.Status.Employer.KvK != "12345678" {
		t.Fatalf("employer %+v", res.Status.Employer)
	}
	st, err := h.s.ConfirmEmergencyKit()
	if err != nil || st.RecoveryKitPending {
		t.Fatalf("after confirm: %+v, %v", st, err)
	}
	if _, err := h.s.SaveEmergencyKit(); err == nil {
		t.Fatal("the kit (and its recovery code) can still be saved after confirmation")
	}
}

func TestCreateVaultReportsEveryBadFieldAndWritesNothing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	h := newHarness(t, dir)
	in := NewVault{EmployerName: " ", KvK: "123", AdminName: "Petra", AdminEmail: "petra", Passphrase: "Welkom2024!"}
	_, err := h.s.CreateVault(in)
	ae := appErr(t, err)
	want := map[string]string{"employerName": "required", "kvk": "kvk_format", "adminEmail": "email_format", "passphrase": "passphrase_weak"}
	if ae.Code != workspace.CodeInvalidInput || len(ae.Fields) != len(want) {
		t.Fatalf("got %+v", ae)
	}
	for k, v := range want {
		if ae.Fields[k] != v {
			t.Errorf("field %s: %q, want %q", k, ae.Fields[k], v)
		}
	}
	if ok, _ := vault.Exists(dir); ok {
		t.Fatal("a vault was written despite invalid input")
	}
	if st := h.s.Status(); st.State != StateNew {
		t.Fatalf("state %q after a refused create", st.State)
	}
}

func TestLockThenUnlockShowsTheUserAgain(t *testing.T) {
	h := newHarness(t, filepath.Join(t.TempDir(), "vault"))
	if _, err := h.s.CreateVault(validNewVault()); err != nil {
		t.Fatal(err)
	}
	if st := h.s.Lock(); st.State != StateLocked || st.User != nil {
		t.Fatalf("after lock: %+v", st)
	}
	st, err := h.s.Unlock("petra@korenaar.example", strong)
	if err != nil {
		t.Fatal(err)
	}
	if st.State != StateUnlocked || st.User.Email != "petra@korenaar.example" || st.Employer.Name != "Bakkerij De Korenaar BV" {
		t.Fatalf("after unlock: %+v", st)
	}
}

func TestWrongPassphraseIsACodeWithoutTheEmailInIt(t *testing.T) {
	h := newHarness(t, filepath.Join(t.TempDir(), "vault"))
	if _, err := h.s.CreateVault(validNewVault()); err != nil {
		t.Fatal(err)
	}
	h.s.Lock()
	_, err := h.s.Unlock("petra@korenaar.example", "paard batterij nietje fout")
	ae := appErr(t, err)
	if ae.Code != workspace.CodeWrongPassphrase {
		t.Fatalf("code %q", ae.Code)
	}
	if strings.Contains(ae.Message, "petra") || strings.Contains(ae.Message, "fout") {
		t.Fatalf("message leaks input: %q", ae.Message)
	}
	_, err = h.s.Unlock("nobody@korenaar.example", strong)
	if appErr(t, err).Code != workspace.CodeWrongPassphrase {
		t.Fatal("an unknown e-mail must look like a wrong passphrase")
	}
}

func TestRepeatedFailuresGiveTooManyAttemptsWithRetryTime(t *testing.T) {
	h := newHarness(t, filepath.Join(t.TempDir(), "vault"))
	if _, err := h.s.CreateVault(validNewVault()); err != nil {
		t.Fatal(err)
	}
	h.s.Lock()
	var last *AppError
	for i := 0; i < 6; i++ {
		_, err := h.s.Unlock("petra@korenaar.example", "paard batterij nietje fout")
		last = appErr(t, err)
		if last.Code == workspace.CodeTooManyAttempts {
			break
		}
	}
	if last.Code != workspace.CodeTooManyAttempts || last.RetryAt == "" {
		t.Fatalf("after repeated failures: %+v", last)
	}
	if _, err := time.Parse(time.RFC3339, last.RetryAt); err != nil {
		t.Fatalf("retryAt %q: %v", last.RetryAt, err)
	}
}

func TestSecondWindowOnTheSameVaultSeesInUseUntilTheFirstCloses(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	first := newHarness(t, dir)
	if _, err := first.s.CreateVault(validNewVault()); err != nil {
		t.Fatal(err)
	}
	second := newHarness(t, dir)
	if st := second.s.Status(); st.State != StateInUse {
		t.Fatalf("second window state %q, want %q", st.State, StateInUse)
	}
	_, err := second.s.Unlock("petra@korenaar.example", strong)
	if appErr(t, err).Code != workspace.CodeVaultInUse {
		t.Fatalf("unlock in second window: %v", err)
	}
	first.life.Shutdown()
	if st := second.s.Status(); st.State != StateLocked {
		t.Fatalf("after the first window closed: %q, want %q", st.State, StateLocked)
	}
}

func TestIdleLockWipesTheSessionAndTellsTheWindow(t *testing.T) {
	h := newHarness(t, filepath.Join(t.TempDir(), "vault"))
	if _, err := h.s.CreateVault(validNewVault()); err != nil {
		t.Fatal(err)
	}
	h.clock.advance(9 * time.Minute)
	h.s.Touch()
	h.clock.advance(9 * time.Minute)
	h.s.lockIfIdle()
	if h.s.Status().State != StateUnlocked {
		t.Fatal("locked although there was activity within the idle time")
	}
	h.clock.advance(2 * time.Minute)
	h.s.lockIfIdle()
	if st := h.s.Status(); st.State != StateLocked || st.User != nil {
		t.Fatalf("after 11 idle minutes: %+v", st)
	}
	if len(h.platform.events) != 1 || h.platform.events[0] != EventVaultLocked ||
		h.platform.payloads[0].(VaultLocked).Reason != LockReasonIdle {
		t.Fatalf("events %v %v", h.platform.events, h.platform.payloads)
	}
}

func TestIdleLockMinutesAreAdminSettingsThatPersist(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	h := newHarness(t, dir)
	if _, err := h.s.CreateVault(validNewVault()); err != nil {
		t.Fatal(err)
	}
	st, err := h.s.SetIdleLockMinutes(25)
	if err != nil || st.IdleLockMinutes != 25 {
		t.Fatalf("%+v %v", st, err)
	}
	if _, err := h.s.SetIdleLockMinutes(0); err == nil {
		t.Fatal("0 minutes accepted")
	}
	h.life.Shutdown()
	h2 := newHarness(t, dir)
	if st := h2.s.Status(); st.IdleLockMinutes != 25 {
		t.Fatalf("after reopening: %d minutes", st.IdleLockMinutes)
	}
}

func TestSleepLocksTheVault(t *testing.T) {
	h := newHarness(t, filepath.Join(t.TempDir(), "vault"))
	if _, err := h.s.CreateVault(validNewVault()); err != nil {
		t.Fatal(err)
	}
	h.life.Suspend()
	if h.s.Status().State != StateLocked {
		t.Fatal("still unlocked after suspend")
	}
	if h.platform.payloads[0].(VaultLocked).Reason != LockReasonSleep {
		t.Fatalf("payload %v", h.platform.payloads)
	}
}

func TestEmergencyKitIsSavedAsPDFWhereTheUserChose(t *testing.T) {
	h := newHarness(t, filepath.Join(t.TempDir(), "vault"))
	res, err := h.s.CreateVault(validNewVault())
	if err != nil {
		t.Fatal(err)
	}
	h.platform.savePath = filepath.Join(t.TempDir(), "noodkit") // no extension typed
	path, err := h.s.SaveEmergencyKit()
	if err != nil {
		t.Fatal(err)
	}
	if path != h.platform.savePath+".pdf" {
		t.Fatalf("saved to %q", path)
	}
	b, err := os.ReadFile(path)
	if err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %v", err)
	}
	h.platform.savePath = ""
	if p, err := h.s.SaveEmergencyKit(); p != "" || err != nil {
		t.Fatalf("cancelled dialog: %q %v", p, err)
	}
	_ = res
}

func TestRecoveryCodeSetsANewPassphrase(t *testing.T) {
	h := newHarness(t, filepath.Join(t.TempDir(), "vault"))
	res, err := h.s.CreateVault(validNewVault())
	if err != nil {
		t.Fatal(err)
	}
	h.s.Lock()
	const renewed = "lantaarn vlieger pindakaas mossel"
	if _, err := h.s.Recover(res.RecoveryCode, "petra@korenaar.example", "kort"); appErr(t, err).Fields["passphrase"] != "passphrase_weak" {
		t.Fatalf("weak new passphrase: %v", err)
	}
	if _, err := h.s.Recover("AAAA-BBBB", "petra@korenaar.example", renewed); appErr(t, err).Code != workspace.CodeRecoveryCodeInvalid {
		t.Fatalf("bad code: %v", err)
	}
	if _, err := h.s.Recover(res.RecoveryCode, "petra@korenaar.example", renewed); err != nil {
		t.Fatal(err)
	}
	if _, err := h.s.Unlock("petra@korenaar.example", strong); appErr(t, err).Code != workspace.CodeWrongPassphrase {
		t.Fatal("the old passphrase still works after recovery")
	}
	if st, err := h.s.Unlock("petra@korenaar.example", renewed); err != nil || st.State != StateUnlocked {
		t.Fatalf("new passphrase: %+v %v", st, err)
	}
}

func TestChangePassphrase(t *testing.T) {
	h := newHarness(t, filepath.Join(t.TempDir(), "vault"))
	if _, err := h.s.CreateVault(validNewVault()); err != nil {
		t.Fatal(err)
	}
	const next = "schaats ijzel winter koffie"
	if err := h.s.ChangePassphrase("paard batterij nietje fout", next); appErr(t, err).Code != workspace.CodeWrongPassphrase {
		t.Fatalf("wrong old passphrase: %v", err)
	}
	if err := h.s.ChangePassphrase(strong, next); err != nil {
		t.Fatal(err)
	}
	h.s.Lock()
	if _, err := h.s.Unlock("petra@korenaar.example", next); err != nil {
		t.Fatal(err)
	}
}

func TestUnknownErrorsBecomeInternalWithoutTheirText(t *testing.T) {
	ae := toAppError(errors.New("open /home/hr/secret-canary: permission denied"))
	if ae.Code != workspace.CodeInternal || strings.Contains(ae.Message, "canary") {
		t.Fatalf("%+v", ae)
	}
}

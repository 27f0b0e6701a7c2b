package report

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

const sampleCode = "K7QF-3MZ9-TT2A-88XW-QP4N-RS6D-H2JV-9CEB-M4KZ"

func sampleKit() EmergencyKit {
	return EmergencyKit{
		EmployerName: "Bakkerij & Café De Korenaar BV",
		KvK:          "12345678",
		VaultID:      "4f1c2a9e7b3d5c60",
		AdminName:    "Petra de Beheerder",
		AdminEmail:   "petra@korenaar.example",
		RecoveryCode: sampleCode,
		VaultPath:    `C:\Users\petra\AppData\Roaming\Kluis\vault`,
		Created:      time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC),
	}
}

func render(t *testing.T, kit EmergencyKit, opt options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := writeEmergencyKit(&buf, kit, opt); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// To look at the golden file: pdftoppm -png -r 80 testdata/emergency-kit.golden.pdf /tmp/kit
func TestEmergencyKitMatchesGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteEmergencyKit(&buf, sampleKit()); err != nil {
		t.Fatal(err)
	}
	got := buf.Bytes()
	golden := filepath.Join("testdata", "emergency-kit.golden.pdf")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update once)", err)
	}
	// Byte comparison: fpdf's ComparePDFs would do the same, but in v0.9.0 it dereferences a
	// nil buffer, and CompareBytes ignores a difference in length.
	if !bytes.Equal(got, want) {
		at := 0
		for at < min(len(got), len(want)) && got[at] == want[at] {
			at++
		}
		t.Fatalf("the emergency kit changed at byte %d (%d bytes, golden %d); look at it and run go test -update if intended",
			at, len(got), len(want))
	}
}

func TestEmergencyKitIsReproducible(t *testing.T) {
	a, b := render(t, sampleKit(), options{}), render(t, sampleKit(), options{})
	if !bytes.Equal(a, b) {
		t.Fatal("two renderings of the same kit differ")
	}
}

func TestEmergencyKitShowsTheCodeAndTheDutchHeadings(t *testing.T) {
	content := string(render(t, sampleKit(), options{uncompressed: true}))
	for _, want := range []string{
		"Noodkit \x97 Kluis", // em dash in cp1252
		"K7QF 3MZ9 TT2A 88XW QP4N", "RS6D H2JV 9CEB M4KZ",
		"Wat is dit?", "Bewaar dit zo", "Zo gebruikt u de code",
		"Bakkerij & Caf\xe9 De Korenaar BV", "12345678", "23-11-2026", "4f1c2a9e7b3d5c60",
		"Petra de Beheerder", "petra@korenaar.example",
		"\x84Wachtwoordzin vergeten? Kluis herstellen met herstelcode\x94",
	} {
		if !strings.Contains(content, want) {
			t.Errorf("the PDF does not show %q", want)
		}
	}
	if n := pageCount(content); n != 1 {
		t.Errorf("%d pages, want 1", n)
	}
}

func TestEmergencyKitIsCompressedByDefault(t *testing.T) {
	if bytes.Contains(render(t, sampleKit(), options{}), []byte("Bewaar dit zo")) {
		t.Fatal("the default PDF has an uncompressed content stream")
	}
}

func TestEmergencyKitPageBreaks(t *testing.T) {
	cases := []struct {
		name             string
		employer, admin  string
		email, vaultPath string
		pages            int
	}{
		{"long but usual details fit on one page",
			"Stichting Zorgboerderijen Midden-Nederland en Omstreken",
			"Anne-Marie van der Heijden-Vermeulen",
			"a.m.vanderheijden@zorgboerderijen-midden.example",
			`C:\Users\anne-marie.vanderheijden\AppData\Roaming\Kluis\vault`, 1},
		{"extreme details move the signature whole to a second page",
			strings.Repeat("Stichting Samenwerkende Zorgboerderijen ", 3),
			strings.Repeat("Anne-Marie Wilhelmina van der Heijden ", 2),
			"anne-marie.wilhelmina.vanderheijden-vermeulen@samenwerkende-zorgboerderijen.example",
			`D:\` + strings.Repeat(`een-heel-lange-mapnaam\`, 8) + "vault", 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			kit := sampleKit()
			kit.EmployerName, kit.AdminName, kit.AdminEmail, kit.VaultPath = c.employer, c.admin, c.email, c.vaultPath
			content := string(render(t, kit, options{uncompressed: true}))
			if n := pageCount(content); n != c.pages {
				t.Fatalf("%d pages, want %d", n, c.pages)
			}
		})
	}
}

func pageCount(content string) int {
	return len(regexp.MustCompile(`/Type /Page\b[^s]`).FindAllString(content, -1))
}

func TestEmergencyKitViewModel(t *testing.T) {
	t.Run("empty details are left out", func(t *testing.T) {
		kit := sampleKit()
		kit.VaultPath, kit.KvK = "", " "
		v := newKitView(kit)
		for _, f := range v.Facts {
			if f.Label == "Locatie van de kluis" || f.Label == "KvK-nummer" {
				t.Fatalf("empty fact %q shown", f.Label)
			}
		}
	})
	t.Run("the recovery steps name the admin's e-mail", func(t *testing.T) {
		v := newKitView(sampleKit())
		steps := v.Sections[len(v.Sections)-1]
		if !slices.ContainsFunc(steps.Body, func(s string) bool { return strings.Contains(s, "petra@korenaar.example") }) {
			t.Fatalf("steps %q lack the admin's e-mail", steps.Body)
		}
	})
	t.Run("date is dd-mm-jjjj in the kit's location", func(t *testing.T) {
		kit := sampleKit()
		kit.Created = time.Date(2026, 1, 2, 23, 30, 0, 0, time.FixedZone("CET", 3600))
		v := newKitView(kit)
		if !slices.Contains(v.Facts, fact{"Aangemaakt op", "02-01-2026"}) {
			t.Fatalf("facts %v", v.Facts)
		}
	})
}

func TestCodeLines(t *testing.T) {
	cases := []struct {
		name, code string
		want       []string
	}{
		{"nine groups with dashes", sampleCode, []string{"K7QF 3MZ9 TT2A 88XW QP4N", "RS6D H2JV 9CEB M4KZ"}},
		{"spaces and dashes mixed", "AAAA-BBBB CCCC", []string{"AAAA BBBB CCCC"}},
		{"exactly one line", "A-B-C-D-E", []string{"A B C D E"}},
		{"stray separators", " -AAAA--BBBB- ", []string{"AAAA BBBB"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := codeLines(c.code, codeGroupsPerLine); !slices.Equal(got, c.want) {
				t.Fatalf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestLettersOutsideCP1252KeepTheirBase(t *testing.T) {
	cases := map[string]string{
		"Zoë Café":          "Zoë Café",
		"Łukasz Wiśniewski": "Lukasz Wisniewski",
		"Şükrü Yılmaz":      "Sükrü Yilmaz",
		"Dvořák":            "Dvorák",
	}
	for in, want := range cases {
		t.Run(in, func(t *testing.T) {
			if got := stripUnprintable(in); got != want {
				t.Fatalf("got %q, want %q", got, want)
			}
		})
	}
}

func TestSaveEmergencyKitWritesAPrivateFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "noodkit.pdf")
	if err := os.WriteFile(path, []byte("an older kit"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := SaveEmergencyKit(path, sampleKit()); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, want 0600", fi.Mode().Perm())
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, render(t, sampleKit(), options{})) {
		t.Fatal("the saved file is not the kit")
	}
	assertOnlyEntries(t, dir, "noodkit.pdf")
}

func TestSaveEmergencyKitFailureLeavesNoFile(t *testing.T) {
	cases := []struct {
		name    string
		prepare func(t *testing.T, dir string) (path string)
	}{
		{"read-only folder", func(t *testing.T, dir string) string {
			ro := filepath.Join(dir, "readonly")
			if err := os.Mkdir(ro, 0o500); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = os.Chmod(ro, 0o700) })
			if f, err := os.Create(filepath.Join(ro, "probe")); err == nil {
				_ = f.Close()
				t.Skip("this user writes into read-only folders (root); the other cases cover the failure paths")
			}
			return filepath.Join(ro, "noodkit.pdf")
		}},
		{"folder is a file", func(t *testing.T, dir string) string {
			file := filepath.Join(dir, "not-a-folder")
			if err := os.WriteFile(file, nil, 0o600); err != nil {
				t.Fatal(err)
			}
			return filepath.Join(file, "noodkit.pdf")
		}},
		{"missing folder", func(t *testing.T, dir string) string {
			return filepath.Join(dir, "missing", "noodkit.pdf")
		}},
		{"target is a folder, so the rename fails after the write", func(t *testing.T, dir string) string {
			target := filepath.Join(dir, "noodkit.pdf")
			if err := os.Mkdir(target, 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(target, "keep"), nil, 0o600); err != nil {
				t.Fatal(err)
			}
			return target
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			path := c.prepare(t, dir)
			before := entries(t, dir)
			err := SaveEmergencyKit(path, sampleKit())
			if err == nil {
				t.Fatal("saving succeeded")
			}
			assertNoCode(t, err)
			if fi, statErr := os.Stat(path); statErr == nil && !fi.IsDir() {
				t.Fatalf("a file was left at %s", path)
			}
			assertOnlyEntries(t, dir, before...)
			assertNoTempFiles(t, dir)
		})
	}
}

type failingWriter struct{ after int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) > w.after {
		n := w.after
		w.after = 0
		return n, errors.New("disk full")
	}
	w.after -= len(p)
	return len(p), nil
}

func TestErrorsNeverContainTheRecoveryCode(t *testing.T) {
	for _, after := range []int{0, 100, 2000} {
		t.Run(fmt.Sprintf("writer fails after %d bytes", after), func(t *testing.T) {
			err := WriteEmergencyKit(&failingWriter{after: after}, sampleKit())
			if err == nil {
				t.Fatal("no error from a failing writer")
			}
			assertNoCode(t, err)
		})
	}
	t.Run("no code at all", func(t *testing.T) {
		kit := sampleKit()
		kit.RecoveryCode = " "
		if err := WriteEmergencyKit(&bytes.Buffer{}, kit); !errors.Is(err, ErrNoRecoveryCode) {
			t.Fatalf("got %v, want ErrNoRecoveryCode", err)
		}
	})
	// The save failures are checked in TestSaveEmergencyKitFailureLeavesNoFile.
}

// assertNoCode fails when err shows the recovery code or any group of it, in any case.
func assertNoCode(t *testing.T, err error) {
	t.Helper()
	msg := strings.ToUpper(err.Error())
	for _, part := range append(strings.Split(sampleCode, "-"), strings.ReplaceAll(sampleCode, "-", "")) {
		if strings.Contains(msg, part) {
			t.Fatalf("the error shows (part of) the recovery code: %v", err)
		}
	}
}

func entries(t *testing.T, dir string) []string {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, de := range des {
		names = append(names, de.Name())
	}
	return names
}

func assertOnlyEntries(t *testing.T, dir string, want ...string) {
	t.Helper()
	if got := entries(t, dir); !slices.Equal(got, want) {
		t.Fatalf("%s holds %q, want %q", dir, got, want)
	}
}

// assertNoTempFiles looks one level down too, where a failed rename would leave its temp file.
func assertNoTempFiles(t *testing.T, dir string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(path string, _ os.DirEntry, err error) error {
		if err != nil {
			return nil // unreadable folders hold nothing we wrote
		}
		if strings.HasSuffix(path, ".tmp") {
			t.Errorf("temporary file left: %s", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

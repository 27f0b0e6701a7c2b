package importer

import (
	"fmt"
	"strings"
	"testing"
)

// Canary values planted in cells that break every reader rule; no Problem and no error may
// repeat them (a cell may hold a BSN or a name). The value rules have their canary test in
// internal/imports, where they are applied.
const (
	canaryBSN  = "999990172"
	canaryName = "Kanarievogel"
)

func TestMessagesNeverContainCanaryCellValues(t *testing.T) {
	lines := []string{
		"persnr;bsn;achternaam;afdeling;datum_in_dienst;geslacht;naamgebruik;Opmerking;Opmerking", // duplicate header
		canaryBSN + ";" + canaryBSN + ";" + canaryName + ";A;d;;;;",                               // ok
		"3;" + canaryBSN + ";" + canaryName + ";A;d;" + canaryName + ";;;",                        // unknown gender
		"4;" + canaryBSN + ";" + canaryName + ";A;d;;" + canaryName + ";;",                        // unknown name usage
		"5;" + canaryBSN + ";" + canaryName + ";A;d;;7;;",                                         // ambiguous name usage
		"6;" + canaryBSN + ";" + canaryName,                                                       // ragged (short)
		"7;" + canaryBSN + ";" + canaryName + ";A;d;;;;;" + canaryName,                            // ragged (long)
		"8;" + canaryBSN + ";" + canaryName + "\"" + canaryName + ";A;d;;;;",                      // bare quote
		"9;" + canaryBSN + ";;A;;;;" + canaryName + ";",                                           // data in an unmapped column
	}
	tab := readString(t, strings.Join(lines, "\n")+"\n", "x.csv", Options{Layout: LayoutKluis})
	codes := map[string]bool{}
	for _, p := range tab.Problems {
		codes[p.Code] = true
		for _, canary := range []string{canaryBSN, canaryName, strings.ToLower(canaryName)} {
			if strings.Contains(p.Message, canary) || strings.Contains(p.Column, canary) || strings.Contains(fmt.Sprint(p.Params), canary) {
				t.Errorf("problem %+v repeats a cell value", p)
			}
		}
	}
	for _, c := range []string{CodeDuplicateColumn, CodeUnknownCode, CodeAmbiguousCode, CodeRaggedRow, CodeSyntax, CodeUnmappedColumn} {
		if !codes[c] {
			t.Errorf("no %s problem was produced; the canary test does not cover it", c)
		}
	}

	// Errors for whole files do not quote content either.
	for name, in := range map[string]string{
		"mixed encoding":  "persnr;achternaam\n" + canaryBSN + ";Zoë\n1;" + canaryName + "\xe9\n",
		"too many fields": "persnr\n" + canaryName + strings.Repeat(";"+canaryBSN, MaxColumns+1) + "\n",
		"binary":          canaryName + "\x00" + canaryBSN,
	} {
		_, err := Read(strings.NewReader(in), "x.csv", Options{})
		if err == nil {
			t.Fatalf("%s: no error", name)
		}
		if strings.Contains(err.Error(), canaryBSN) || strings.Contains(err.Error(), canaryName) {
			t.Errorf("%s: error %q repeats a cell value", name, err)
		}
	}
}

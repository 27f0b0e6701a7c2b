package importer

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// ErrTemplateFormat is returned by Template for a format other than "csv" or "xlsx".
var ErrTemplateFormat = errors.New(`template format must be "csv" or "xlsx"`)

// templateExample is the template's example row: obviously fake data that passes the
// importer and the domain rules (111222333 is DOMAIN.md's valid test BSN, example.nl is
// a reserved domain, "Voorbeeld" means "example").
var templateExample = map[string]string{
	ColPersnr:               "00042",
	ColBSN:                  "111222333",
	ColVoorletters:          "J.P.",
	ColRoepnaam:             "Jan",
	ColVoornamen:            "Jan Pieter",
	ColTussenvoegsel:        "de",
	ColAchternaam:           "Voorbeeld",
	ColPartnerTussenvoegsel: "",
	ColPartnerAchternaam:    "Proef",
	ColNaamgebruik:          UsageOwnPartner,
	ColGeslacht:             GenderMan,
	ColGeboortedatum:        "01-01-1990",
	ColStraat:               "Voorbeeldstraat",
	ColHuisnummer:           "1",
	ColToevoeging:           "A",
	ColPostcode:             "1234 AB",
	ColWoonplaats:           "Voorbeeldstad",
	ColLand:                 "NL",
	ColTelefoon:             "030 123 4567",
	ColTelefoonWerk:         "",
	ColTelefoonPrive:        "06 12345678",
	ColEmail:                "",
	ColEmailWerk:            "j.devoorbeeld@example.nl",
	ColEmailPrive:           "",
	ColAfdeling:             "Utrecht/Magazijn",
	ColKostenplaats:         "KP100",
	ColFunctie:              "Magazijnmedewerker",
	ColDatumInDienst:        "01-02-2020",
	ColDatumUitDienst:       "",
	ColUrenPerWeek:          "32,5",
	ColSoortContract:        "onbepaald",
	ColSector:               "05",
	ColRisicopremiegroep:    "",
	ColUWVReferentie:        "",
}

// Template writes an import template: the canonical header row and one example row with
// obviously fake data. "csv" is ';'-separated UTF-8 with a byte-order mark and CRLF line
// ends, which Excel (Dutch locale) opens correctly; "xlsx" is a workbook with one sheet
// whose cells are text, so personnel numbers keep their leading zeros.
func Template(w io.Writer, format string) error {
	example := make([]string, len(Canonical))
	for i, c := range Canonical {
		example[i] = templateExample[c]
	}
	switch format {
	case "csv":
		bw := bufio.NewWriter(w)
		if _, err := bw.Write(bomUTF8); err != nil {
			return fmt.Errorf("write template: %w", err)
		}
		cw := csv.NewWriter(bw)
		cw.Comma = ';'
		cw.UseCRLF = true
		if err := cw.WriteAll([][]string{Canonical, example}); err != nil {
			return fmt.Errorf("write template: %w", err)
		}
		if err := bw.Flush(); err != nil {
			return fmt.Errorf("write template: %w", err)
		}
		return nil
	case "xlsx":
		return templateXLSX(w, example)
	default:
		return fmt.Errorf("%w: %q", ErrTemplateFormat, format)
	}
}

func templateXLSX(w io.Writer, example []string) (err error) {
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("write template: %w", cerr)
		}
	}()
	const sheet = "Medewerkers"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return fmt.Errorf("write template: %w", err)
	}
	last, err := excelize.ColumnNumberToName(len(Canonical))
	if err != nil {
		return fmt.Errorf("write template: %w", err)
	}
	// Text format ("@", built-in 49) for every column, so typed numbers stay text.
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49})
	if err != nil {
		return fmt.Errorf("write template: %w", err)
	}
	if err := f.SetColStyle(sheet, "A:"+last, text); err != nil {
		return fmt.Errorf("write template: %w", err)
	}
	if err := f.SetColWidth(sheet, "A", last, 18); err != nil {
		return fmt.Errorf("write template: %w", err)
	}
	for r, row := range [][]string{Canonical, example} {
		for c, v := range row {
			cell, err := excelize.CoordinatesToCellName(c+1, r+1)
			if err != nil {
				return fmt.Errorf("write template: %w", err)
			}
			if err := f.SetCellStr(sheet, cell, v); err != nil {
				return fmt.Errorf("write template: %w", err)
			}
		}
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("write template: %w", err)
	}
	return nil
}

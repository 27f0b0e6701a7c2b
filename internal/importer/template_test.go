package importer

import (
	"bytes"
	"errors"
	"reflect"
	"testing"
)

func TestTemplateParsesBackWithZeroProblems(t *testing.T) {
	for _, format := range []string{"csv", "xlsx"} {
		t.Run(format, func(t *testing.T) {
			var b bytes.Buffer
			if err := Template(&b, format); err != nil {
				t.Fatal(err)
			}
			if format == "csv" && !bytes.HasPrefix(b.Bytes(), bomUTF8) {
				t.Fatal("the CSV template starts with a UTF-8 BOM for Excel")
			}
			tab, err := Read(&b, "sjabloon."+format, Options{})
			if err != nil {
				t.Fatal(err)
			}
			noProblems(t, tab)
			if tab.Layout != LayoutKluis || len(tab.Unknown) != 0 || len(tab.Rows) != 1 {
				t.Fatalf("layout %q unknown %q rows %d", tab.Layout, tab.Unknown, len(tab.Rows))
			}
			if format == "csv" && (tab.Separator != ";" || tab.Encoding != "utf-8-bom") {
				t.Fatalf("separator %q encoding %q", tab.Separator, tab.Encoding)
			}
			var headers []string
			for _, c := range tab.Columns {
				headers = append(headers, c.Canonical)
			}
			if !reflect.DeepEqual(headers, Canonical) {
				t.Fatalf("columns %q", headers)
			}
			if !reflect.DeepEqual(tab.Rows[0].Values, templateExample) {
				t.Fatalf("example row %q, want %q", tab.Rows[0].Values, templateExample)
			}
		})
	}
	if err := Template(&bytes.Buffer{}, "ods"); !errors.Is(err, ErrTemplateFormat) {
		t.Fatalf("err = %v", err)
	}
}

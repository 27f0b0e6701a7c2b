package people

import (
	"fmt"
	"testing"
)

func TestRule_ASearchCappedAtItsLimitSaysHowManyEmployeesMatchInAll(t *testing.T) {
	f := newFixture(t)
	for i := 1; i <= 12; i++ {
		_, err := f.d.CreateEmployee(f.employer.ID, person(fmt.Sprintf("%03d", 100+i), "Utrecht", "Jansen"))
		ok(t, err)
	}
	_, err := f.d.CreateEmployee(f.employer.ID, person("200", "Utrecht", "Bakker"))
	ok(t, err)

	hits, total, err := f.d.SearchTotal("jansen", 5)
	ok(t, err)
	if len(hits) != 5 || total != 12 {
		t.Fatalf("a name search over its limit: %d hits, total %d; want 5 of 12", len(hits), total)
	}
	hits, total, err = f.d.SearchTotal("jansen", 50)
	ok(t, err)
	if len(hits) != 12 || total != 12 {
		t.Fatalf("under the limit: %d hits, total %d; want 12 of 12", len(hits), total)
	}
	// An exact lookup counts itself once.
	hits, total, err = f.d.SearchTotal("200", 5)
	ok(t, err)
	if len(hits) != 1 || total != 1 {
		t.Fatalf("persnr lookup: %d hits, total %d", len(hits), total)
	}
	// Search keeps its contract: at most limit hits.
	if hits, err := f.d.Search("jansen", 3); err != nil || len(hits) != 3 {
		t.Fatalf("Search: %d %v", len(hits), err)
	}
}

package cli

import (
	"encoding/json"
	"fmt"
	"strings"

	"kluis/internal/people"
	"kluis/internal/vault"
)

// searchResult is one `kluis search --json` line: the anonymised facts always, identity fields
// (named like the import columns) only when the acting user's keys open them.
type searchResult struct {
	Persnr     string `json:"persnr"`
	Employer   string `json:"employer"` // KvK number
	Department string `json:"department"`
	Shared     bool   `json:"shared"`
	Active     bool   `json:"active"`
	MatchedBy  string `json:"matched_by"`

	Voorletters   string `json:"voorletters,omitempty"`
	Roepnaam      string `json:"roepnaam,omitempty"`
	Tussenvoegsel string `json:"tussenvoegsel,omitempty"`
	Achternaam    string `json:"achternaam,omitempty"`
	BSN           string `json:"bsn,omitempty"`
	Geboortedatum string `json:"geboortedatum,omitempty"`
	Postcode      string `json:"postcode,omitempty"`
	Woonplaats    string `json:"woonplaats,omitempty"`
	Naam          string `json:"naam,omitempty"` // display name
}

func runSearch(c *context, args []string) int {
	const usage = `kluis search --vault DIR [--json] [--passphrase-file FILE] [--user EMAIL] QUERY   (persnr, name part, BSN, or "birthdate postcode")`
	fs := c.newFlags("search")
	vaultDir := fs.String("vault", c.vault, "vault folder")
	asJSON := fs.Bool("json", false, "print one JSON object per line")
	limit := fs.Int("limit", people.DefaultSearchLimit, "at most this many results")
	passFile := fs.String("passphrase-file", "", "read the passphrase from the first line of FILE")
	user := fs.String("user", "", "acting user's e-mail (default: the only admin)")
	if code, ok := parse(fs, usage, args); !ok {
		return code
	}
	query := strings.TrimSpace(strings.Join(fs.Args(), " "))
	if query == "" {
		return c.usageError("search", "give a query\nUsage: %s", usage)
	}
	dir, err := resolveVaultDir(*vaultDir, c.env)
	if err != nil {
		return c.usageError("search", "%v", err)
	}
	ws, done, code := c.open("search", dir, *user, *passFile)
	if ws == nil {
		return code
	}
	defer done()
	hits, err := ws.SearchIdentities(query, *limit)
	if err != nil {
		return c.fail("search", err)
	}
	employers, err := ws.Directory().Employers()
	if err != nil {
		return c.fail("search", err)
	}
	kvk := map[vault.ID]string{}
	for _, e := range employers {
		kvk[e.ID] = e.KvK
	}
	results := make([]searchResult, len(hits))
	for i, h := range hits {
		r := searchResult{Persnr: h.Persnr, Employer: kvk[h.Employer], Department: h.DepartmentPath,
			Shared: h.Shared, Active: h.Active, MatchedBy: string(h.MatchedBy)}
		if id := h.Identity; id != nil {
			r.Voorletters, r.Roepnaam, r.Tussenvoegsel, r.Achternaam = id.Initials, id.FirstName, id.Prefix, id.Surname
			r.BSN, r.Geboortedatum, r.Postcode, r.Woonplaats = id.BSN, id.BirthDate, id.Address.Postcode, id.Address.City
			r.Naam = id.DisplayName()
		}
		results[i] = r
	}
	if *asJSON {
		enc := json.NewEncoder(c.env.Stdout)
		for _, r := range results {
			_ = enc.Encode(r)
		}
		return ExitOK
	}
	if len(results) == 0 {
		fmt.Fprintln(c.env.Stdout, "no employees found / geen medewerkers gevonden")
		return ExitOK
	}
	for _, r := range results {
		name := r.Naam
		if name == "" {
			name = "Anoniem (Persnr " + r.Persnr + ")"
		}
		shared, active := "not shared", "ended"
		if r.Shared {
			shared = "shared"
		}
		if r.Active {
			active = "active"
		}
		fmt.Fprintf(c.env.Stdout, "%s\t%s\t%s\t%s, %s\t(matched by %s)\n", r.Persnr, name, r.Department, active, shared, r.MatchedBy)
	}
	return ExitOK
}

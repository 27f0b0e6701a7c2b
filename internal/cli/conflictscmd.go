package cli

import (
	"encoding/json"
	"fmt"
	"sort"

	"kluis/internal/people"
	"kluis/internal/vault"
	"kluis/internal/workspace"
)

// `kluis conflicts` (docs/CLI.md, docs/adr/012-conflicts.md): the identity conflicts of two PCs'
// concurrent edits, listed by id, persnr and the names of the fields that differ (never their
// values), and resolved with --resolve ID --keep current|kept.

const conflictsUsage = "kluis conflicts --vault DIR [--resolve ID --keep current|kept] [--passphrase-file FILE] [--user EMAIL]"

func runConflicts(c *context, args []string) int {
	fs := c.newFlags("conflicts")
	vaultDir := fs.String("vault", c.vault, "vault folder")
	resolve := fs.String("resolve", "", "the conflict to resolve (an id from the list)")
	keep := fs.String("keep", "", "with --resolve: current (the stored version) or kept (the version kept aside)")
	passFile := fs.String("passphrase-file", "", "read the passphrase from the first line of FILE")
	user := fs.String("user", "", "acting user's e-mail (default: the only admin)")
	if code, ok := parse(fs, conflictsUsage, args); !ok {
		return code
	}
	if (*resolve == "") != (*keep == "") {
		return c.usageError("conflicts", "give --resolve and --keep together\nUsage: %s", conflictsUsage)
	}
	dir, err := resolveVaultDir(*vaultDir, c.env)
	if err != nil {
		return c.usageError("conflicts", "%v", err)
	}
	ws, done, exit := c.open("conflicts", dir, *user, *passFile)
	if ws == nil {
		return exit
	}
	defer done()
	if *resolve != "" {
		id, err := vault.ParseID(*resolve)
		if err != nil {
			return c.usageError("conflicts", "--resolve: not a conflict id")
		}
		if err := ws.ResolveConflict(id, workspace.ConflictChoice(*keep)); err != nil {
			return c.fail("conflicts", err)
		}
		fmt.Fprintf(c.env.Stdout, "resolved %s: kept the %s version; it reaches the other PCs with the next replication\n", id, *keep)
		return ExitOK
	}
	list, err := ws.Conflicts()
	if err != nil {
		return c.fail("conflicts", err)
	}
	if len(list) == 0 {
		fmt.Fprintln(c.env.Stdout, "no conflicts")
		return ExitOK
	}
	for _, k := range list {
		persnr, path := "?", ""
		if e, err := ws.Directory().Employee(k.Employee); err == nil {
			persnr, path = e.Persnr, e.DepartmentPath
		}
		fmt.Fprintf(c.env.Stdout, "%s  persnr %s  %s  kept %s (%s), current %s (%s)  differs: %v\n", k.ID, persnr, path,
			k.KeptAt.Format("02-01-2006 15:04"), where(k.KeptHere), k.CurrentAt.Format("02-01-2006 15:04"), where(k.CurrentHere),
			differingFields(k.Current, k.Kept))
	}
	return ExitOK
}

func where(here bool) string {
	if here {
		return "this PC"
	}
	return "other PC"
}

// differingFields names the identity fields (JSON names, "address.street") whose values differ.
func differingFields(a, b *people.Identity) []string {
	flat := func(i *people.Identity) map[string]string {
		out := map[string]string{}
		if i == nil {
			return out
		}
		raw, _ := json.Marshal(i)
		var m map[string]any
		_ = json.Unmarshal(raw, &m)
		for k, v := range m {
			if sub, ok := v.(map[string]any); ok {
				for sk, sv := range sub {
					out[k+"."+sk] = fmt.Sprint(sv)
				}
				continue
			}
			out[k] = fmt.Sprint(v)
		}
		return out
	}
	fa, fb := flat(a), flat(b)
	var diff []string
	for k := range fa {
		if fa[k] != fb[k] {
			diff = append(diff, k)
		}
	}
	for k := range fb {
		if _, ok := fa[k]; !ok {
			diff = append(diff, k)
		}
	}
	sort.Strings(diff)
	return diff
}

package workspace

import "kluis/internal/vault"

// SuppressCounts runs the suppression on departments of the given sizes (one quarter, fresh
// people per department), for the rule tests in package workspace_test.
func SuppressCounts(sizes map[string]int) []StatRow {
	groups := map[vault.ID]map[vault.ID]*person{}
	paths := map[vault.ID]string{}
	next := byte(0)
	id := func() vault.ID {
		next++
		var v vault.ID
		v[0] = next
		return v
	}
	for name, n := range sizes {
		dept := id()
		paths[dept] = name
		if n == 0 {
			continue
		}
		g := map[vault.ID]*person{}
		for range n {
			g[id()] = &person{avail: 90}
		}
		groups[dept] = g
	}
	return suppress(groups, paths)
}

package cli

import (
	"fmt"
	"path/filepath"

	"kluis/internal/logfile"
	"kluis/internal/workspace"
)

// runSupportInfo is `kluis support-info`: the support block of the Support page ("Kopieer
// gegevens voor support"), built by the same use case, to paste into an e-mail to the helpdesk.
// It names no person, department or employer.
func runSupportInfo(c *context, args []string) int {
	const usage = "kluis support-info --vault DIR [--passphrase-file FILE] [--user EMAIL]"
	fs := c.newFlags("support-info")
	vaultDir := fs.String("vault", c.vault, "vault folder")
	passFile := fs.String("passphrase-file", "", "read the passphrase from the first line of FILE")
	user := fs.String("user", "", "acting user's e-mail (default: the only admin)")
	if code, ok := parse(fs, usage, args); !ok {
		return code
	}
	dir, err := resolveVaultDir(*vaultDir, c.env)
	if err != nil {
		return c.usageError("support-info", "%v", err)
	}
	ws, done, exit := c.open("support-info", dir, *user, *passFile)
	if ws == nil {
		return exit
	}
	defer done()
	info, err := ws.SupportInfo(workspace.SupportEnv{VaultDir: dir, LogPath: windowLogPath(c.env)})
	if err != nil {
		return c.fail("support-info", err)
	}
	fmt.Fprint(c.env.Stdout, info.Text())
	return ExitOK
}

// windowLogPath is where the window writes its log (openLogFile), without opening it: "" when
// there is no user config folder.
func windowLogPath(env Env) string {
	base, err := env.UserConfigDir()
	if err != nil {
		return ""
	}
	return filepath.Join(logfile.Dir(base), logfile.FileName)
}

package cli

import (
	stdctx "context"
	"fmt"
	"time"

	"kluis/internal/replicate"
	"kluis/internal/vault"
)

// `kluis device list` and `kluis device remove ID` (admins; docs/CLI.md): the PCs of this vault
// as the bucket announces them, and a signed removal of one (its later changes are refused
// everywhere; revoke its user as well when the PC was stolen).
func runDeviceListRemove(c *context, args []string) int {
	sub := args[0]
	name := "device " + sub
	fs := c.newFlags(name)
	vaultDir := fs.String("vault", c.vault, "vault folder")
	passFile := fs.String("passphrase-file", "", "read the passphrase from the first line of FILE")
	user := fs.String("user", "", "acting user's e-mail (default: the only admin)")
	rest := args[1:]
	var id string
	if sub == "remove" {
		if len(rest) == 0 || len(rest[0]) == 0 || rest[0][0] == '-' {
			return c.usageError(name, "give the device id (kluis device list shows it)\nUsage: %s", deviceUsage)
		}
		id, rest = rest[0], rest[1:]
	}
	if code, ok := parse(fs, deviceUsage, rest); !ok {
		return code
	}
	var dev vault.ID
	if sub == "remove" {
		var err error
		if dev, err = vault.ParseID(id); err != nil {
			return c.usageError(name, "%q is not a device id (32 hexadecimal characters, kluis device list shows it)", id)
		}
	}
	dir, err := resolveVaultDir(*vaultDir, c.env)
	if err != nil {
		return c.usageError("device", "%v", err)
	}
	ws, done, exit := c.open(name, dir, *user, *passFile)
	if ws == nil {
		return exit
	}
	defer done()
	ctx := stdctx.Background()
	if sub == "remove" {
		r, err := ws.RemoveDevice(ctx, dev)
		if err != nil {
			return c.fail(name, err)
		}
		fmt.Fprintf(c.env.Stdout, "removed %s (%s) at %s; its later changes are refused on every PC / verwijderd; latere wijzigingen worden overal geweigerd\n",
			r.Device, replicate.DeviceLabel(r.Device), r.At.Format(time.RFC3339))
		fmt.Fprintln(c.env.Stderr, "kluis device remove: the PC keeps its local data; revoke its user too if it was stolen (Beheer → Gebruikers). / "+
			"de pc houdt zijn lokale gegevens; trek ook de gebruiker in als de pc gestolen is.")
		return ExitOK
	}
	list, err := ws.ReplicaDeviceList(ctx)
	if err != nil {
		return c.fail(name, err)
	}
	self := ws.Session().DeviceID()
	for _, d := range list {
		state := "active"
		if d.Removed != nil {
			state = "removed " + d.Removed.At.Format(time.RFC3339) + " by " + d.Removed.By.String()
		}
		if d.Device == self {
			state += " (this PC)"
		}
		if d.AuditMissing > 0 {
			state += fmt.Sprintf("  audit log incomplete: %d entries announced but not received / logboek onvolledig: %d regels ontbreken", d.AuditMissing, d.AuditMissing)
		}
		fmt.Fprintf(c.env.Stdout, "%s  %s  last contact %s  %s\n", d.Device, replicate.DeviceLabel(d.Device), d.LastContact.Format(time.RFC3339), state)
	}
	return ExitOK
}

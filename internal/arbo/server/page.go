package server

import (
	"html/template"
	"net/http"
	"time"

	"kluis/internal/arbo"
)

// The read-only page at /: a login form for the admin token, then the holdings as tables.

type pageData struct {
	ServiceName string
	Fingerprint string
	LoginFailed bool
	LoggedIn    bool
	Holdings    arbo.Holdings
}

func pageTemplate() *template.Template {
	return template.Must(template.New("page").Funcs(template.FuncMap{
		"when": func(t time.Time) string { return t.Format("2006-01-02 15:04:05 MST") },
	}).Parse(pageHTML))
}

func (s *Server) pageHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")
}

func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, d pageData) {
	d.ServiceName, d.Fingerprint = s.cfg.ServiceName, s.fingerprint
	s.pageHeaders(w)
	w.WriteHeader(status)
	if err := s.page.Execute(w, d); err != nil {
		s.cfg.Logger.Error("page", "err", err.Error())
	}
}

func (s *Server) handlePage(w http.ResponseWriter, r *http.Request) {
	if !s.sessionOK(r) {
		s.render(w, r, http.StatusOK, pageData{})
		return
	}
	h, err := s.Holdings(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, pageData{LoggedIn: true, Holdings: h})
}

func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	if err := r.ParseForm(); err != nil || !s.tokenOK(r.PostForm.Get("token")) {
		info(r).code = arbo.CodeUnauthorized
		s.render(w, r, http.StatusUnauthorized, pageData{LoginFailed: true})
		return
	}
	id, err := randomText(32)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	now := time.Now()
	s.sessMu.Lock()
	for k, exp := range s.sessions {
		if now.After(exp) {
			delete(s.sessions, k)
		}
	}
	s.sessions[id] = now.Add(sessionLife)
	s.sessMu.Unlock()
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: id, Path: "/", HttpOnly: true,
		Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode, MaxAge: int(sessionLife / time.Second)})
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		s.sessMu.Lock()
		delete(s.sessions, c.Value)
		s.sessMu.Unlock()
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true,
		Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode, MaxAge: -1})
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// sessionOK reports whether the request carries a live page session.
func (s *Server) sessionOK(r *http.Request) bool {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return false
	}
	s.sessMu.Lock()
	defer s.sessMu.Unlock()
	exp, ok := s.sessions[c.Value]
	return ok && time.Now().Before(exp)
}

const pageHTML = `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>{{.ServiceName}}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;font-size:.9rem;vertical-align:top}
th{background:#f3f3f3} code{font-size:.85rem} .muted{color:#666}
</style></head><body>
<h1>{{.ServiceName}}</h1>
<p class="muted">Referentie-arbodienst voor Kluis: alles wat deze dienst bewaart, per werkgever. Alleen lezen.
{{if .Fingerprint}}<br>TLS-certificaat SHA-256: <code>{{.Fingerprint}}</code>{{end}}</p>
{{if not .LoggedIn}}
<form method="post" action="/login">
<label>Beheertoken <input type="password" name="token" autocomplete="off" required></label>
<button type="submit">Inloggen</button>
</form>
{{if .LoginFailed}}<p role="alert">Onjuist token.</p>{{end}}
{{else}}
<form method="post" action="/logout"><button type="submit">Uitloggen</button></form>
{{if not .Holdings.Employers}}<p>Nog geen werkgevers aangemeld.</p>{{end}}
{{range .Holdings.Employers}}
<section>
<h2>{{.Name}}</h2>
<p>Id <code>{{.ID}}</code> · KvK {{range $i, $k := .KvK}}{{if $i}}, {{end}}{{$k}}{{end}} · aangemeld {{when .EnrolledAt}}
{{with .AuditHead}} · audit-head #{{.Seq}} <code>{{.Hash}}</code>{{end}}</p>

<h3>Dienstverbanden (pseudoniem) — {{len .Employments}}</h3>
{{if .Employments}}<table><tr><th>Pseudoniem</th><th>Volgnr</th><th>Werkgever</th><th>Afdeling</th><th>Aanvang</th><th>Einde</th><th>Uren</th><th>Contract</th></tr>
{{range .Employments}}<tr><td><code>{{.Pseudonym}}</code></td><td>{{.Volgnummer}}</td><td>{{.Werkgever}}</td><td>{{.Afdelingscode}}</td><td>{{.DatumAanvang}}</td><td>{{.DatumEinde}}</td><td>{{.UrenPerWeek}}</td><td>{{.SoortContract}}</td></tr>
{{end}}</table>{{end}}

<h3>Gedeelde dossiers — {{len .Dossiers}}</h3>
{{if .Dossiers}}<table><tr><th>Pseudoniem</th><th>Deling</th><th>Bron</th><th>Persnr</th><th>Naam</th><th>BSN</th><th>Geboren</th><th>Adres</th><th>Contact</th></tr>
{{range .Dossiers}}<tr><td><code>{{.Pseudonym}}</code></td>
<td>{{with .Share}}{{.Zorgvraag}}{{if .TotEnMet}} t/m {{.TotEnMet}}{{end}}{{else}}—{{end}}</td>
<td>{{.Source}}</td>
{{with .Werknemer}}<td>{{.Personeelsnummer}}</td><td>{{.Voorletters}} {{.Roepnaam}} {{.Voorvoegsel}} {{.Geslachtsnaam}}</td><td>{{.Burgerservicenummer}}</td><td>{{.Geboortedatum}}</td>
<td>{{.Straatnaam}} {{.Huisnummer}}{{.Huisnummertoevoeging}}, {{.Postcode}} {{.Woonplaats}}</td><td>{{.TelefoonMobiel}} {{.EmailWerk}}</td>
{{else}}<td colspan="6" class="muted">geen identiteitsgegevens</td>{{end}}</tr>
{{end}}</table>{{end}}

<h3>Verzuim — {{len .Absences}}</h3>
{{if .Absences}}<table><tr><th>Pseudoniem</th><th>Laatste melding</th><th>Eerste ziektedag</th><th>%</th><th>Herstel</th></tr>
{{range .Absences}}<tr><td><code>{{.Pseudonym}}</code></td><td>{{.Type}}</td><td>{{.Verzuim.EersteZiektedag}}</td><td>{{.Verzuim.Percentage}}</td><td>{{.Verzuim.DatumHerstel}}</td></tr>
{{end}}</table>{{end}}

<h3>Casusstatus — {{len .Cases}}</h3>
{{if .Cases}}<table><tr><th>Pseudoniem</th><th>Dossiervorming</th><th>Gesloten</th><th>Poortwachter</th></tr>
{{range .Cases}}<tr><td><code>{{.Pseudonym}}</code></td><td>{{.CaseContent}}</td><td>{{.Closed}}</td><td>{{.Poortwachter}}</td></tr>
{{end}}</table>{{end}}

<h3>Opvragingen</h3>
<p>Open {{.Retrievals.Pending}} · gevonden {{.Retrievals.Found}} · niet gevonden {{.Retrievals.NotFound}}
{{range .Retrievals.PerDay}} · {{.Day}}: {{.Count}}{{end}}</p>

<h3>Gegevens van vóór Kluis — {{len .Legacy}}</h3>
{{if .Legacy}}<table><tr><th>Persnr</th><th>Naam</th><th>BSN</th><th>Geboren</th></tr>
{{range .Legacy}}<tr><td>{{.Werknemer.Personeelsnummer}}</td><td>{{.Werknemer.Voorletters}} {{.Werknemer.Geslachtsnaam}}</td><td>{{.Werknemer.Burgerservicenummer}}</td><td>{{.Werknemer.Geboortedatum}}</td></tr>
{{end}}</table>{{end}}
</section>
{{end}}
{{end}}
</body></html>
`

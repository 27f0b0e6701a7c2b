package vaultbench

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"

	"kluis/internal/vault"
)

var (
	firstNames = []string{"Anna", "Bram", "Chloé", "Daan", "Emma", "Finn", "Julia", "Lucas", "Noor", "Sem", "Tess", "Yara"}
	lastNames  = []string{"de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Bos"}
	streets    = []string{"Kerkstraat", "Dorpsstraat", "Molenweg", "Stationsweg", "Schoolstraat", "Beukenlaan"}
	cities     = []string{"Utrecht", "Zwolle", "Haarlem", "Tilburg", "Groningen", "Delft"}
)

// synthesize makes n fictitious employees, repeatably: ~400 B identity JSON, ~150 B directory JSON.
func synthesize(n int) []employee {
	rng := rand.New(rand.NewPCG(2026, 11))
	out := make([]employee, n)
	for i := range out {
		e := &out[i]
		e.id = vault.NewID()
		e.dept = i % departments
		e.bsn = bsn(rng)
		birth := fmt.Sprintf("%04d-%02d-%02d", 1960+rng.IntN(45), 1+rng.IntN(12), 1+rng.IntN(28))
		post := fmt.Sprintf("%04d %c%c", 1000+rng.IntN(9000), 'A'+rng.IntN(18), 'A'+rng.IntN(18))
		e.birthPost = birth + "|" + post
		first, last := firstNames[rng.IntN(len(firstNames))], lastNames[rng.IntN(len(lastNames))]
		identity, _ := json.Marshal(map[string]string{
			"firstName": first, "lastName": last, "bsn": e.bsn, "birthDate": birth,
			"street": streets[rng.IntN(len(streets))], "houseNumber": fmt.Sprint(1 + rng.IntN(200)),
			"postcode": post, "city": cities[rng.IntN(len(cities))], "country": "NL",
			"email": fmt.Sprintf("medewerker%06d@voorbeeld.invalid", i), "phone": fmt.Sprintf("06-%08d", rng.IntN(1e8)),
			"emergencyContact": "Partner, 06-12345678", "iban": fmt.Sprintf("NL%02dBANK%010d", rng.IntN(100), rng.IntN(1e10)),
			"notes": "synthetic employee for kluis bench",
		})
		e.identity = identity
		directory, _ := json.Marshal(map[string]any{
			"persnr": fmt.Sprintf("%06d", i), "department": e.dept, "start": "2019-04-01",
			"hoursPerWeek": 24 + rng.IntN(17), "contract": "vast", "function": "medewerker",
		})
		e.directory = directory
	}
	return out
}

// bsn returns a 9-digit number that passes the elfproef.
func bsn(rng *rand.Rand) string {
	for {
		var d [9]int
		sum := 0
		for i := range 8 {
			d[i] = rng.IntN(10)
			sum += (9 - i) * d[i]
		}
		d[8] = sum % 11
		if d[8] == 10 || d[0] == 0 && d[1] == 0 {
			continue
		}
		return fmt.Sprintf("%d%d%d%d%d%d%d%d%d", d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8])
	}
}
